import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeNamespace, renderOpenMetrics, renderText } from '../../lib/format';
import { FieldCache } from '../../lib/exposition/decode/FieldCache';
import { NamespaceDecoder } from '../../lib/exposition/decode/NamespaceDecoder';
import { processFields } from '../../lib/exposition/decode/processFields';
import { byCodePoint } from '../../lib/util/byCodePoint';
import { expectParses } from '../support/openMetricsParser';
import type { HistogramSeries, NativeBuckets } from '../../lib/format';
import { encodeLabels } from '../../lib/codec/labels';

const DIR = path.resolve(__dirname, '../../conformance');

/** A conformance case (conformance/README.md). */
interface Case {
  requires?: string[];
  now: number;
  namespace: string;
  keys?: Record<string, { type: string; fields?: Array<[string, string]> }>;
  limits?: Record<string, number>;
  fields: Array<[Raw, Raw]>;
  expected: { text: string; openmetrics: string; skipped: Array<{ field: string; reason: string }> };
  /** The merged native buckets of histogram series, by family and labels key (conformance/README.md). */
  native?: Record<string, Record<string, NativeBuckets>>;
}
type Raw = string | { base64: string };

/** byFieldThenReason orders skipped fields as the cases list them: by the UTF-8 bytes of the field, then by reason. */
function byFieldThenReason(a: { field: string; reason: string }, b: { field: string; reason: string }): number {
  return byCodePoint(a.field, b.field) || byCodePoint(a.reason, b.reason);
}

/** shuffled returns the items in another order, the same on every run (a Fisher-Yates shuffle with a fixed linear congruential generator). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function text(x: Raw): string {
  return typeof x === 'string' ? x : Buffer.from(x.base64, 'base64').toString('utf8');
}

/**
 * perProcessOf combines the per-process values of a case that requires
 * processes, as ExpositionClient does from Redis: the fields to give the
 * decoder before the namespace hash's, and what was skipped (none for other cases).
 */
function perProcessOf(c: Case): { fields: Array<readonly [string, string]>; skipped: Array<{ field: string; reason: string }> } {
  if (!(c.requires ?? []).includes('processes')) return { fields: [], skipped: [] };
  const prefix = `instrumentor:{${c.namespace}}:`;
  const hash = (name: string) => (c.keys?.[prefix + name]?.fields ?? []).flat();
  const deadlines = hash('processes');
  const processes = new Map<string, string[]>();
  for (let i = 0; i < deadlines.length; i += 2) processes.set(deadlines[i], hash(`process:${deadlines[i]}`));
  return processFields({ nowMs: c.now, deadlines, processes, folded: hash('folded') });
}

/** decodeCase reads a case as a reader reads Redis: the per-process values first, then the namespace hash, a field given twice read once. */
function decodeCase(c: Case, fields: ReadonlyArray<readonly [string, string]>) {
  const perProcess = perProcessOf(c);
  const decoder = new NamespaceDecoder(new FieldCache(), c.limits);
  for (const [f, v] of [...perProcess.fields, ...fields]) decoder.add(f, v);
  const decoded = decoder.finish(c.now);
  return { families: decoded.families, skipped: [...decoded.skipped, ...perProcess.skipped] };
}

(DIR)
/** The features beyond format version 1 this reader implements (a case's `requires`, conformance/README.md). */
const FEATURES: ReadonlySet<string> = new Set<string>(['processes']);

const all = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.slice(0, -'.json'.length), JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Case] as const);
/** The cases this reader can run; the others need a feature it does not implement, and are listed as pending with it. */
const cases = all.filter(([, c]) => (c.requires ?? []).every((r) => FEATURES.has(r)));
const unsupported = all.filter(([, c]) => !(c.requires ?? []).every((r) => FEATURES.has(r)));

describe('conformance cases, read by this library', () => {
  it('should have at least 60 cases', () => {
    expect(cases.length).to.be.at.least(60);
  });

  for (const [name, c] of unsupported) {
    it.skip(`${name} [needs ${c.requires!.filter((r) => !FEATURES.has(r)).join(', ')}, which this reader does not implement]`);
  }

  it("should read every case alike through the server's path: a field cache, twice, and the text from the lines kept", () => {
    for (const [name, c] of cases) {
      const cache = new FieldCache();
      for (let round = 0; round < 2; round++) {
        const decoder = new NamespaceDecoder(cache, c.limits);
        for (const [f, v] of perProcessOf(c).fields) decoder.add(f, v);
        for (const [f, v] of c.fields) decoder.add(text(f), text(v));
        const read = decoder.finishRead(c.now);
        expect(read.text(), `${name}, read ${round + 1}`).to.equal(c.expected.text);
        expect(renderOpenMetrics(read.families), `${name}, read ${round + 1}`).to.equal(c.expected.openmetrics);
        const skipped = read.skipped.map((s) => ({ field: s.field, reason: s.reason })).sort(byFieldThenReason);
        expect(skipped, `${name}, read ${round + 1}`).to.deep.equal(c.expected.skipped);
      }
    }
  });

  it('should give the same output and reports whatever the order of the fields (cases without a repeated field)', () => {
    let checked = 0;
    for (const [name, c] of cases) {
      const fields = c.fields.map(([f, v]) => [text(f), text(v)] as const);
      const first = perProcessOf(c).fields;
      if (new Set([...first, ...fields].map(([f]) => f)).size !== first.length + fields.length) continue;
      const read = (order: ReadonlyArray<readonly [string, string]>) => {
        const d = first.length === 0 ? decodeNamespace(order, c.now, c.limits) : decodeCase(c, order);
        return [renderText(d.families), renderOpenMetrics(d.families), d.skipped.map((s) => `${s.field} ${s.reason}`).sort()];
      };
      const expected = read(fields);
      expect(read([...fields].reverse()), name).to.deep.equal(expected);
      expect(read(shuffled(fields)), name).to.deep.equal(expected);
      checked++;
    }
    expect(checked).to.be.at.least(60);
  });

  for (const [name, c] of cases) {
    it(`should read ${name} as the format says, in output the reference parsers accept`, async function () {
      const fields = c.fields.map(([f, v]) => [text(f), text(v)] as const);
      const decoded = (c.requires ?? []).includes('processes') ? decodeCase(c, fields) : decodeNamespace(fields, c.now, c.limits);
      const got = {
        text: renderText(decoded.families),
        openmetrics: renderOpenMetrics(decoded.families),
        skipped: decoded.skipped.map((s) => ({ field: s.field, reason: s.reason })).sort(byFieldThenReason),
      };
      if (c.native !== undefined) {
        const native: Record<string, Record<string, NativeBuckets | undefined>> = {};
        for (const f of decoded.families) {
          if (f.type !== 'histogram' || !(f.name in c.native)) continue;
          native[f.name] = Object.fromEntries(f.series.map((s: HistogramSeries) => [encodeLabels(s.labels), s.native]));
        }
        expect(native, 'native buckets').to.deep.equal(c.native);
      }
      expect(got).to.deep.equal(c.expected);
      await expectParses(this, got.openmetrics, 'openmetrics');
      await expectParses(this, got.text, 'text');
    });
  }
});
