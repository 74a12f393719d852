// @ts-nocheck
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeNamespace, renderOpenMetrics, renderText } from '../../lib/format';
import { byCodePoint } from '../../lib/util/byCodePoint';
import { expectParses } from '../support/openMetricsParser';

const DIR = path.resolve(__dirname, '../../conformance');

/** A conformance case (conformance/README.md). */
interface Case {
  now: number;
  limits?: Record<string, number>;
  fields: Array<[Raw, Raw]>;
  expected: { text: string; openmetrics: string; skipped: Array<{ field: string; reason: string }> };
}
type Raw = string | { base64: string };

/** byFieldThenReason orders skipped fields as the cases list them: by the UTF-8 bytes of the field, then by reason. */
function byFieldThenReason(a: { field: string; reason: string }, b: { field: string; reason: string }): number {
  return byCodePoint(a.field, b.field) || byCodePoint(a.reason, b.reason);
}

function text(x: Raw): string {
  return typeof x === 'string' ? x : Buffer.from(x.base64, 'base64').toString('utf8');
}

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.slice(0, -'.json'.length), JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Case] as const);

describe('conformance cases, read by this library', () => {
  it('should have at least 60 cases', () => {
    expect(cases.length).to.be.at.least(60);
  });

  for (const [name, c] of cases) {
    it(`should read ${name} as the format says, in output the reference parsers accept`, async function () {
      const decoded = decodeNamespace(
        c.fields.map(([f, v]) => [text(f), text(v)] as const),
        c.now,
        c.limits,
      );
      const got = {
        text: renderText(decoded.families),
        openmetrics: renderOpenMetrics(decoded.families),
        skipped: decoded.skipped.map((s) => ({ field: s.field, reason: s.reason })).sort(byFieldThenReason),
      };
      expect(got).to.deep.equal(c.expected);
      await expectParses(this, got.openmetrics, 'openmetrics');
      await expectParses(this, got.text, 'text');
    });
  }
});
