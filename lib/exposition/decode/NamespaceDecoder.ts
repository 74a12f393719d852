import { DecodedField, Extension, MetricType, typeFromCode } from '../../codec/field';
import { encodeLabels } from '../../codec/labels';
import { parseNumber } from '../../codec/number';
import { byCodeUnit } from '../../util/byCodeUnit';
import { MetricFamily, sortByKey, ValueSeries } from '../families';
import { familyHeader, renderText } from '../render/text';
import { assembleHistograms } from './assembleHistograms';
import { assembleSummaries } from './assembleSummaries';
import type { FieldCache, CacheRead } from './FieldCache';
import { FieldEntry } from './FieldEntry';
import type { RawSample, SkippedField } from './samples';

/** What `decodeNamespace` returns: the families in render order and the fields it skipped. */
export interface DecodedNamespace {
  readonly families: MetricFamily[];
  readonly skipped: SkippedField[];
}

/**
 * @internal A DecodedRead is a DecodedNamespace that can also give its text
 * in the Prometheus text format 0.0.4, exactly as `renderText(families)`
 * would, but from the sample lines the reader kept from the fields (see
 * `NamespaceDecoder.finishRead`). The text is of the families as read: an
 * edit of the families does not show in it.
 */
export interface DecodedRead extends DecodedNamespace {
  text(): string;
}

/** The fields of one family as added. */
interface RawFamily {
  help: string | undefined;
  type: MetricType | undefined;
  /** The family's data fields, once it has one that is not a canonical value field (see `entries`). */
  samples: RawSample[];
  /**
   * While every data field of the family is a counter or gauge value written
   * canonically, those fields in the order read, with their value texts and
   * sample lines; the first other data field turns them into `samples`.
   */
  entries: FieldEntry[];
  texts: string[];
  lines: string[];
}

/**
 * One family as finished: a counter, gauge or untyped family whose data
 * fields are all canonical value fields keeps its fields and sample lines
 * (`order` lists them sorted); any other family is assembled.
 */
type Finished =
  | { readonly name: string; readonly raw: RawFamily; readonly order: readonly number[] }
  | { readonly name: string; readonly family: MetricFamily };

/**
 * @internal NamespaceDecoder decodes the fields of a namespace hash one at a
 * time, so that a reader can decode a chunk of fields while Redis produces
 * the next one (decodeNamespace does it for fields at hand). Give each field
 * once. With a FieldCache, it reuses how earlier reads split the same fields.
 *
 * A counter or gauge value field written canonically is kept with its sample
 * line, built from the field and the value text; a family made only of such
 * fields is rendered from those lines by `finishText`, without building its
 * series. Every other family goes through the families and `renderText`, so
 * the text is the same either way.
 */
export class NamespaceDecoder {
  private readonly skipped: SkippedField[] = [];
  private readonly raw = new Map<string, RawFamily>();
  private readonly labelNames: string[];
  /** This decoder's read of the cache, when it has one. */
  private readonly read: CacheRead | undefined;

  constructor(private readonly cache?: FieldCache) {
    this.labelNames = cache?.labelNames ?? [];
    this.read = cache?.begin();
  }

  /** add decodes one field of the namespace hash and its value. */
  add(field: string, text: string): void {
    const raw = this.raw;
    const e = this.read !== undefined ? this.cache!.entry(field, raw, this.read) : FieldEntry.of(field, this.labelNames, raw);
    if (e === undefined) return; // this read gave the field before
    const d = e.split;
    if (typeof d === 'string') {
      this.skipped.push({ field, value: text, reason: d });
      return;
    }
    let f = raw.get(d.name);
    if (f === undefined) raw.set(d.name, (f = { help: undefined, type: undefined, samples: [], entries: [], texts: [], lines: [] }));
    if (e.prefix !== undefined) {
      const line = e.line(text);
      if (line === undefined) {
        this.skipped.push({ field, value: text, reason: 'the value is not a number' });
      } else if (f.samples.length === 0) {
        f.entries.push(e);
        f.texts.push(text);
        f.lines.push(line);
      } else {
        f.samples.push(sampleOf(e, text));
      }
    } else if (d.extension === Extension.description) {
      f.help = text;
    } else if (d.extension === Extension.type) {
      const type = typeFromCode(text);
      if (type === undefined) this.skipped.push({ field, value: text, reason: `unknown type code ${JSON.stringify(text)}` });
      else f.type = type;
    } else {
      const value = parseNumber(text);
      if (value === undefined) {
        this.skipped.push({ field, value: text, reason: 'the value is not a number' });
      } else {
        toSamples(f);
        f.samples.push({ field, extension: d.extension, labels: d.labels, value, text });
      }
    }
  }

  /** finish assembles the families of every field added, as of the Unix time `nowMs` (milliseconds; it decides which windowed summary cells have expired). */
  finish(nowMs: number): DecodedNamespace {
    return { families: this.finished(nowMs).map(familyOf), skipped: this.skipped };
  }

  /**
   * finishText renders every field added in the Prometheus text format 0.0.4,
   * exactly as `renderText(finish(nowMs).families)` does, and lists the fields
   * skipped. Counter and gauge families written canonically are rendered from
   * their sample lines, without building their series.
   */
  finishText(nowMs: number): { text: string; skipped: SkippedField[] } {
    let text = '';
    for (const f of this.finished(nowMs)) text += textOf(f);
    return { text, skipped: this.skipped };
  }

  /**
   * finishRead is `finish` and, when asked, `finishText` of one read: the
   * families, and their text rendered from the sample lines kept (the
   * families a server both merges and serves as they are).
   */
  finishRead(nowMs: number): DecodedRead {
    const finished = this.finished(nowMs);
    return {
      families: finished.map(familyOf),
      skipped: this.skipped,
      text: () => {
        let text = '';
        for (const f of finished) text += textOf(f);
        return text;
      },
    };
  }

  /** finished ends the cache read and finishes every family, sorted by name; families with nothing to show are left out. */
  private finished(nowMs: number): Finished[] {
    if (this.read !== undefined) this.cache!.end(this.read);
    const names = [...this.raw.keys()].sort(byCodeUnit);
    this.cache?.keepLayouts(this.raw);
    const out: Finished[] = [];
    for (const name of names) {
      const raw = this.raw.get(name)!;
      const order = this.lineOrder(name, raw);
      if (order !== undefined) {
        out.push({ name, raw, order });
        continue;
      }
      const family = this.family(name, raw, nowMs);
      if (family !== undefined) out.push({ name, family });
    }
    return out;
  }

  /**
   * lineOrder returns, for a counter, gauge or untyped family whose data
   * fields are all canonical value fields, the order in which to list them
   * (indexes into `entries`, sorted by field); undefined for any other family.
   * When a family's fields come in the same order as in the previous read, the
   * order of that read is used again instead of sorting.
   */
  private lineOrder(name: string, f: RawFamily): readonly number[] | undefined {
    if (f.samples.length > 0 || f.type === 'histogram' || f.type === 'summary') return undefined;
    if (f.entries.length === 0 && f.help === undefined && f.type === undefined) return undefined;
    const layout = this.cache?.layout(name);
    const entries = f.entries;
    if (layout !== undefined && layout.entries.length === entries.length) {
      let same = true;
      for (let i = 0; i < entries.length && same; i++) same = layout.entries[i] === entries[i];
      if (same) return layout.order;
    }
    const order: number[] = new Array(entries.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => byCodeUnit(entries[a].field, entries[b].field));
    this.cache?.setLayout(name, { entries, order });
    return order;
  }

  /** family assembles one family from its samples; undefined when the family has nothing to show. */
  private family(name: string, f: RawFamily, nowMs: number): MetricFamily | undefined {
    toSamples(f);
    if (f.help === undefined && f.type === undefined && f.samples.length === 0) return undefined;
    const skipped = this.skipped;
    const skip = (s: RawSample, reason: string) => skipped.push({ field: s.field, value: s.text, reason });
    const help = f.help ?? '';
    const type = f.type ?? (f.samples.some((s) => s.extension === Extension.bucket) ? 'histogram' : undefined);
    if (type === 'histogram') return { name, help, type, series: assembleHistograms(f.samples, skip) };
    if (type === 'summary') return { name, help, type, series: assembleSummaries(f.samples, skip, nowMs) };
    const keyed: Array<readonly [string, ValueSeries]> = [];
    for (const s of f.samples) {
      if (s.extension !== Extension.value) skip(s, `extension "${s.extension}" does not belong to a ${type ?? 'untyped'} metric`);
      else keyed.push([s.canonical === true ? s.field : `${name}::${encodeLabels(s.labels)}`, { labels: s.labels, value: s.value }]);
    }
    // a family known only from fields that were all skipped has nothing to show: no `# HELP` line for it
    if (keyed.length === 0 && f.help === undefined && f.type === undefined) return undefined;
    return { name, help, type: type ?? 'untyped', series: sortByKey(keyed) };
  }
}

/** familyOf is the family of a finished family; one kept as lines gets its series now. */
function familyOf(f: Finished): MetricFamily {
  if ('family' in f) return f.family;
  const { raw, order } = f;
  const series: ValueSeries[] = new Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    series[k] = { labels: (raw.entries[i].split as DecodedField).labels, value: parseNumber(raw.texts[i])! };
  }
  return { name: f.name, help: raw.help ?? '', type: (raw.type ?? 'untyped') as 'counter' | 'gauge' | 'untyped', series };
}

/** textOf renders a finished family in the text format: from its sample lines when it kept them. */
function textOf(f: Finished): string {
  if ('family' in f) return renderText([f.family]);
  const { raw, order } = f;
  let text = familyHeader(f.name, raw.help ?? '', raw.type ?? 'untyped');
  const lines = raw.lines;
  for (let k = 0; k < order.length; k++) text += lines[order[k]];
  return text;
}

/** toSamples turns a family's canonical value fields into samples, in the order read. */
function toSamples(f: RawFamily): void {
  if (f.entries.length === 0) return;
  f.samples = f.entries.map((e, i) => sampleOf(e, f.texts[i])); // entries are kept only while there are no samples
  f.entries = [];
  f.texts = [];
  f.lines = [];
}

/** sampleOf is the sample of a canonical value field whose value text was found to be a number. */
function sampleOf(e: FieldEntry, text: string): RawSample {
  const d = e.split as DecodedField;
  return { field: e.field, extension: d.extension, labels: d.labels, value: parseNumber(text)!, text, canonical: true };
}
