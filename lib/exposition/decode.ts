import { decodeField, DecodedField, Extension, MetricType, typeFromCode } from '../codec/field';
import { encodeLabels } from '../codec/labels';
import { isName } from '../codec/names';
import { formatNumber, parseNumber } from '../codec/number';
import type { HistogramSeries, MetricFamily, ValueSeries } from './families';
import { LinedSeries } from './LinedSeries';
import { escapeHelp, LABELS_TEXT, renderText } from './render';
import { assembleSummaries } from './summary';
import { byCodeUnit } from '../util/byCodeUnit';
import { flatten } from '../util/flatten';

/** A field the decoder skipped, and why. */
export interface SkippedField {
  readonly field: string;
  readonly value: string;
  readonly reason: string;
}

/** One data field of a family, split and with its value parsed. */
export interface RawSample {
  readonly field: string;
  readonly extension: string;
  readonly labels: Array<[string, string]>;
  readonly value: number;
  readonly text: string;
  /** @internal The sort key of a counter or gauge series (`name::labels`), when the field was written canonically. */
  readonly labelsKey?: string;
}

/** What `decodeNamespace` returns: the families in render order and the fields it skipped. */
export interface DecodedNamespace {
  readonly families: MetricFamily[];
  readonly skipped: SkippedField[];
}

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
 * decodeNamespace turns the fields of a namespace hash into metric families,
 * sorted by name, their series sorted by labels. A field that does not follow
 * the format, has a value that is not a number, or does not fit its family's
 * type is skipped and listed in `skipped`; the rest is decoded as usual.
 * `nowMs` is the Unix time in milliseconds that decides which windowed summary
 * cells have expired; pass it to decode the same entries the same way.
 */
export function decodeNamespace(entries: Iterable<readonly [string, string]>, nowMs: number = Date.now()): DecodedNamespace {
  const decoder = new NamespaceDecoder();
  for (const [field, text] of entries) decoder.add(field, text);
  return decoder.finish(nowMs);
}

/**
 * @internal NamespaceDecoder is decodeNamespace one field at a time, so that a
 * reader can decode a chunk of fields while Redis produces the next one. Give
 * each field once.
 */
export class NamespaceDecoder {
  private readonly skipped: SkippedField[] = [];
  private readonly raw = new Map<string, RawFamily>();
  private readonly labelNames: string[];

  /** This decoder's read of the cache, when it has one. */
  private readonly read: CacheRead | undefined;

  /** A FieldCache makes the decoder reuse how earlier reads split the same fields. */
  constructor(private readonly cache?: FieldCache) {
    this.labelNames = cache?.labelNames ?? [];
    this.read = cache?.begin();
  }

  /** add decodes one field of the namespace hash and its value. */
  add(field: string, text: string): void {
    const raw = this.raw;
    const e = this.read !== undefined ? this.cache!.entry(field, raw, this.read) : new FieldEntry(field, splitCanonical(field, raw, this.labelNames) ?? decodeField(field));
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

  /** finish assembles the families of every field added, as of the Unix time `nowMs` (milliseconds). */
  finish(nowMs: number): DecodedNamespace {
    const families: MetricFamily[] = [];
    for (const name of this.names()) {
      const f = this.raw.get(name)!;
      const order = this.fastOrder(name, f);
      if (order === undefined) {
        const family = this.family(name, f, nowMs);
        if (family !== undefined) families.push(family);
        continue;
      }
      const series: ValueSeries[] = new Array(order.length);
      for (let k = 0; k < order.length; k++) {
        const i = order[k];
        series[k] = new LinedSeries((f.entries[i].split as DecodedField).labels, parseNumber(f.texts[i])!, f.lines[i]);
      }
      families.push({ name, help: f.help ?? '', type: (f.type ?? 'untyped') as 'counter' | 'gauge' | 'untyped', series });
    }
    return { families, skipped: this.skipped };
  }

  /**
   * finishText renders every field added in the Prometheus text format 0.0.4,
   * exactly as `renderText(finish(nowMs).families)` does, and lists the fields
   * skipped. Counter and gauge families written canonically are rendered from
   * the fields themselves, without building their series.
   */
  finishText(nowMs: number): { text: string; skipped: SkippedField[] } {
    let text = '';
    for (const name of this.names()) {
      const f = this.raw.get(name)!;
      const order = this.fastOrder(name, f);
      if (order === undefined) {
        const family = this.family(name, f, nowMs);
        if (family !== undefined) text += renderText([family]);
        continue;
      }
      text += '# HELP ' + name + ' ' + escapeHelp(f.help ?? '') + '\n# TYPE ' + name + ' ' + (f.type ?? 'untyped') + '\n';
      const lines = f.lines;
      for (let k = 0; k < order.length; k++) text += lines[order[k]];
    }
    return { text, skipped: this.skipped };
  }

  /** names ends the cache read and returns the family names in render order. */
  private names(): string[] {
    if (this.read !== undefined) this.cache!.end(this.read);
    const names = [...this.raw.keys()].sort(byCodeUnit);
    this.cache?.keepLayouts(this.raw);
    return names;
  }

  /**
   * fastOrder returns, for a counter, gauge or untyped family whose data
   * fields are all canonical value fields, the order in which to list them
   * (indexes into `entries`, sorted by field); undefined for any other family.
   * When a family's fields come in the same order as in the previous read, the
   * order of that read is used again instead of sorting.
   */
  private fastOrder(name: string, f: RawFamily): readonly number[] | undefined {
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
    if (type === 'histogram') return { name, help, type, series: histogramSeries(f.samples, skip) };
    if (type === 'summary') return { name, help, type, series: sortSeries(assembleSummaries(f.samples, skip, nowMs)) };
    const keyed: Array<readonly [string, ValueSeries]> = [];
    for (const s of f.samples) {
      if (s.extension !== Extension.value) skip(s, `extension "${s.extension}" does not belong to a ${type ?? 'untyped'} metric`);
      else keyed.push([s.labelsKey ?? `${name}::${encodeLabels(s.labels)}`, { labels: s.labels, value: s.value }]);
    }
    return { name, help, type: type ?? 'untyped', series: sortKeyed(keyed) };
  }
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
  return { field: e.field, extension: d.extension, labels: d.labels, value: parseNumber(text)!, text, labelsKey: e.field };
}

/**
 * PLAIN_NUMBER matches the value texts that are, as they are, the shortest
 * decimal that reads back as their number (so formatNumber would write them
 * unchanged): plain decimals with at most 15 significant digits (any two
 * such decimals are different doubles), no trailing zeros after the point,
 * no leading zeros, and not so small that ECMAScript writes an exponent.
 */
const PLAIN_NUMBER = /^(?:0|-?[1-9]\d{0,14}|-?(?=[\d.]{3,16}$)[1-9]\d*\.\d*[1-9]|-?0\.(?!0{6})0*(?=\d{1,15}$)[1-9](?:\d*[1-9])?)$/;

/**
 * @internal FieldEntry is a field as the decoder keeps it: how it splits, and
 * for a counter or gauge value field written canonically, the start of its
 * sample line and the line of the last value text seen.
 */
export class FieldEntry {
  /** The number of the last read that gave the field. */
  read = 0;
  /** For a canonical value field, its sample line up to the value: `name{labels} `. */
  readonly prefix: string | undefined;
  private lastText: string | undefined;
  private lastLine: string | undefined;

  constructor(
    readonly field: string,
    readonly split: DecodedField | string,
  ) {
    if (typeof split !== 'string' && (split as SplitField).canonical === true && split.extension === Extension.value) {
      this.prefix = flatten(split.name + (split.labelsText === '' ? '' : '{' + split.labelsText + '}') + ' ');
    }
  }

  /**
   * line returns the sample line (with its line feed) of this canonical value
   * field for the value text `text`, or undefined when the text is not a
   * number. The value is written as formatNumber writes it.
   */
  line(text: string): string | undefined {
    if (text === this.lastText) return this.lastLine;
    let value: string;
    if (PLAIN_NUMBER.test(text)) {
      value = text;
    } else {
      const n = parseNumber(text);
      if (n === undefined) return undefined;
      value = formatNumber(n);
    }
    const line = this.prefix + value + '\n';
    this.lastText = text;
    this.lastLine = line;
    return line;
  }
}

/** @internal CacheRead is one read of a namespace through a FieldCache. */
export interface CacheRead {
  /** The read's number: fields it gave are marked with it. */
  readonly id: number;
  /** How many remembered fields the read gave. */
  seen: number;
  /** Fields the read gave that are not remembered (beyond the limit), to tell when one comes twice. */
  readonly overflow: Set<string>;
  /** The remembered fields the read gave, in the order given. */
  readonly given: FieldEntry[];
}

/** @internal A Layout is the canonical value fields of a family in the order one read gave them, and their sorted order. */
export interface Layout {
  readonly entries: readonly FieldEntry[];
  readonly order: readonly number[];
}

/**
 * @internal FieldCache remembers how fields were split into name, extension
 * and labels, from one read of a namespace to the next: a namespace is read
 * again and again and its fields rarely change, only their values. Splitting
 * depends on nothing but the field, so a remembered split is always right;
 * the decoded labels are shared by the families of every read, which are
 * read-only. It holds at most `limit` fields, and forgets fields that a read
 * no longer saw. Reads may overlap: each marks the fields it gave with its
 * own number. It also remembers, per family, the order in which the last
 * read gave its value fields and how they sort, so that a read that gives
 * them in the same order (HSCAN does, while the hash is unchanged) need not
 * sort them again.
 */
export class FieldCache {
  /** Label names seen, shared by every field. */
  readonly labelNames: string[] = [];
  private readonly entries = new Map<string, FieldEntry>();
  private readonly layouts = new Map<string, Layout>();
  /** The remembered fields the last read to end gave, in the order given: what the next read most likely gives. */
  private sequence: readonly FieldEntry[] = [];
  private reads = 0;

  /** @param limit The most fields remembered. */
  constructor(readonly limit = 50_000) {}

  /** begin starts a read of the namespace. */
  begin(): CacheRead {
    return { id: ++this.reads, seen: 0, overflow: new Set(), given: [] };
  }

  /**
   * entry returns the entry of `field`, remembered or made now, or undefined
   * when the read gave the field before (HSCAN may return a field twice; the
   * first is kept).
   */
  entry(field: string, known: ReadonlyMap<string, unknown>, read: CacheRead): FieldEntry | undefined {
    // Comparing with the field the last read gave at this point is cheaper than looking the field up.
    const guess = this.sequence[read.given.length];
    const entry = guess !== undefined && guess.field === field ? guess : this.entries.get(field);
    if (entry !== undefined) {
      if (entry.read === read.id) return undefined;
      entry.read = read.id;
      read.seen++;
      read.given.push(entry);
      return entry;
    }
    if (this.entries.size >= this.limit) {
      const before = read.overflow.size;
      if (read.overflow.add(field).size === before) return undefined;
    }
    const made = new FieldEntry(field, splitCanonical(field, known, this.labelNames) ?? decodeField(field));
    if (this.entries.size < this.limit) {
      made.read = read.id;
      this.entries.set(field, made);
      read.seen++;
      read.given.push(made);
    }
    return made;
  }

  /** end finishes a read: fields it did not give are forgotten (unless a later read has given them since). */
  end(read: CacheRead): void {
    read.overflow.clear();
    this.sequence = read.given;
    if (this.entries.size <= read.seen) return;
    for (const [field, entry] of this.entries) if (entry.read < read.id) this.entries.delete(field);
  }

  /** layout returns the layout of a family remembered from an earlier read. */
  layout(name: string): Layout | undefined {
    return this.layouts.get(name);
  }

  /** setLayout remembers the layout of a family. */
  setLayout(name: string, layout: Layout): void {
    this.layouts.set(name, layout);
  }

  /** keepLayouts forgets the layouts of families that are not in `families`. */
  keepLayouts(families: ReadonlyMap<string, unknown>): void {
    if (this.layouts.size <= families.size) return;
    for (const name of this.layouts.keys()) if (!families.has(name)) this.layouts.delete(name);
  }
}

function histogramSeries(samples: readonly RawSample[], skip: (s: RawSample, reason: string) => void): HistogramSeries[] {
  interface Acc {
    labels: Array<[string, string]>;
    buckets: Map<number, number>;
    sum: number | undefined;
    count: number | undefined;
  }
  const bySeries = new Map<string, Acc>();
  const bounds = new Set<number>();
  const acc = (labels: Array<[string, string]>): Acc => {
    const key = encodeLabels(labels);
    let a = bySeries.get(key);
    if (a === undefined) bySeries.set(key, (a = { labels, buckets: new Map(), sum: undefined, count: undefined }));
    return a;
  };
  for (const s of samples) {
    if (s.extension === Extension.bucket) {
      const i = s.labels.findIndex((p) => p[0] === 'le');
      const le = i < 0 ? undefined : parseNumber(s.labels[i][1]);
      if (le === undefined || Number.isNaN(le)) {
        skip(s, 'a bucket field needs an "le" label that is a number');
        continue;
      }
      bounds.add(le);
      acc(s.labels.filter((_, j) => j !== i)).buckets.set(le, s.value);
    } else if (s.extension === Extension.sum) {
      acc(s.labels).sum = s.value;
    } else if (s.extension === Extension.count) {
      acc(s.labels).count = s.value;
    } else {
      skip(s, `extension "${s.extension}" does not belong to a histogram`);
    }
  }
  bounds.add(Infinity);
  const les = [...bounds].sort((a, b) => a - b);
  const out: HistogramSeries[] = [];
  for (const a of bySeries.values()) {
    const buckets: Array<[number, number]> = [];
    let running = 0;
    for (const le of les) {
      const v = a.buckets.get(le);
      if (v !== undefined) running = v;
      else if (le === Infinity && a.count !== undefined) running = Math.max(running, a.count);
      buckets.push([le, running]);
    }
    out.push({ labels: a.labels, buckets, sum: a.sum ?? 0, count: a.count ?? running });
  }
  return sortSeries(out);
}

function sortSeries<T extends { labels: ReadonlyArray<readonly [string, string]> }>(series: T[]): T[] {
  return sortKeyed(series.map((s) => [encodeLabels(s.labels), s] as const));
}

/** sortKeyed sorts series by their encoded labels, given as the first element of each pair. */
function sortKeyed<T>(keyed: Array<readonly [string, T]>): T[] {
  keyed.sort((a, b) => byCodeUnit(a[0], b[0]));
  const out: T[] = new Array(keyed.length);
  for (let i = 0; i < keyed.length; i++) out[i] = keyed[i][1];
  return out;
}

/** A field split by splitCanonical; `canonical` is true when its labels part is exactly what encodeLabels writes. */
interface SplitField extends DecodedField {
  readonly canonical: boolean;
}

/**
 * splitCanonical is the fast path of decodeField for the fields writers
 * produce: valid, sorted labels whose values hold no backslash. It returns
 * undefined for anything else, and decodeField then decides (and says what is
 * wrong). Names already in `known` were checked before.
 */
function splitCanonical(field: string, known: ReadonlyMap<string, unknown>, labelNames: string[]): SplitField | undefined {
  const first = field.indexOf(':');
  if (first <= 0) return undefined;
  const second = field.indexOf(':', first + 1);
  if (second < 0) return undefined;
  const name = field.slice(0, first);
  if (!known.has(name) && !isName(name)) return undefined;
  const extension = field.slice(first + 1, second);
  const labelsText = field.slice(second + 1);
  const labels: Array<[string, string]> = [];
  let canonical = true;
  let prev = '';
  const n = labelsText.length;
  let i = 0;
  while (i < n) {
    const eq = labelsText.indexOf('="', i);
    if (eq <= i) return undefined;
    const label = knownLabel(labelsText, i, eq, labelNames);
    if (label === undefined || (labels.length > 0 && !(prev < label))) return undefined;
    const close = labelsText.indexOf('"', eq + 2);
    if (close < 0) return undefined;
    const value = labelsText.slice(eq + 2, close);
    if (value.indexOf('\\') >= 0) return undefined;
    if (value === '' || value.indexOf('\n') >= 0) canonical = false;
    labels.push([label, value]);
    prev = label;
    if (close + 1 === n) break;
    if (labelsText.charCodeAt(close + 1) !== 44 || close + 2 === n) return undefined;
    i = close + 2;
  }
  if (canonical) (labels as { [LABELS_TEXT]?: string })[LABELS_TEXT] = n === 0 ? '' : flatten('{' + labelsText + '}');
  return { name, extension, labels, labelsText, canonical };
}

/**
 * knownLabel returns the label name `text` holds from `start` to `end`: one
 * of `names` (label names seen before, so that the many fields of a namespace
 * share one string per name), or a new valid name, which it adds to `names`;
 * undefined when the text is not a valid label name.
 */
function knownLabel(text: string, start: number, end: number, names: string[]): string | undefined {
  const length = end - start;
  for (let k = 0; k < names.length; k++) {
    const n = names[k];
    if (n.length === length && text.startsWith(n, start)) return n;
  }
  const label = text.slice(start, end);
  if (!isName(label)) return undefined;
  if (names.length < 64) names.push(label);
  return label;
}
