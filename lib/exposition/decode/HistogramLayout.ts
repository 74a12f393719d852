import type { DecodedField } from '../../codec/field';
import { parseNumber } from '../../codec/number';
import { codePointOrder } from '../../util/codePointOrder';
import { flatten } from '../../util/flatten';
import type { HistogramSeries, Labels } from '../families';
import { histogramSeriesText } from '../render/text';
import type { FieldEntry } from './FieldEntry';
import { seriesLabels } from './samples';
import { isCount } from './sumAndCount';

/**
 * One series of a laid-out histogram family: where its fields stand among
 * the family's, and the lines last rendered for it with the value texts they
 * were rendered from.
 */
class LaidOutSeries {
  /** The value texts of the slots the kept lines were rendered from (undefined for a field the series does not have). */
  texts: Array<string | undefined> | undefined;
  /** The series' lines as last rendered, flattened. */
  lines = '';
  private decoded: Labels | undefined;

  constructor(
    /**
     * The series' labels key, which is also the label pairs of its lines:
     * a canonical labels part has no empty value and nothing to escape.
     */
    readonly key: string,
    /** The first of its fields in the order read: the one whose labels the series takes, as assembleHistograms does. */
    private readonly first: FieldEntry,
    /** Its finite bounds, in increasing order. */
    readonly bounds: readonly number[],
    /**
     * The index among the family's fields of the field of each slot: the
     * bucket of each bound, then `+Inf`, the sum and the count; -1 for a
     * field the series does not have.
     */
    readonly slots: readonly number[],
  ) {}

  /** labels is the series' labels (decoded from its first field when first asked for: only building families needs them). */
  get labels(): Labels {
    if (this.decoded === undefined) {
      const d = this.first.split as DecodedField;
      this.decoded = seriesLabels({ field: this.first.field, extension: d.extension, labels: d.labels, labelsText: d.labelsText, value: 0, text: '', canonical: true });
    }
    return this.decoded;
  }

  /** textsOf lists the value texts of the series' slots in a read whose fields' value texts are `texts`. */
  textsOf(texts: readonly string[]): Array<string | undefined> {
    const out: Array<string | undefined> = new Array(this.slots.length);
    for (let j = 0; j < out.length; j++) out[j] = this.slots[j] < 0 ? undefined : texts[this.slots[j]];
    return out;
  }

  /** unchanged tells whether the kept lines were rendered from the value texts of this read. */
  unchanged(texts: readonly string[]): boolean {
    const kept = this.texts;
    if (kept === undefined) return false;
    const slots = this.slots;
    for (let j = 0; j < slots.length; j++) if ((slots[j] < 0 ? undefined : texts[slots[j]]) !== kept[j]) return false;
    return true;
  }

  /**
   * series is the series as assembleHistograms makes it from the same
   * fields, or undefined when a value breaks a rule of the format (a bucket
   * or count that is not a whole number >= 0, a sum that is NaN): the reader
   * then assembles the family, which skips and reports it.
   */
  series(texts: readonly string[]): HistogramSeries | undefined {
    const { bounds, slots } = this;
    const n = bounds.length;
    const buckets: Array<readonly [number, number]> = new Array(n + 1);
    let running = 0;
    for (let j = 0; j < n; j++) {
      const v = parseNumber(texts[slots[j]])!;
      if (!isCount(v)) return undefined;
      if (0 + v > running) running = 0 + v;
      buckets[j] = [bounds[j], running];
    }
    let inf: number | undefined;
    let sum: number | undefined;
    let count: number | undefined;
    if (slots[n] >= 0) {
      const v = parseNumber(texts[slots[n]])!;
      if (!isCount(v)) return undefined;
      inf = 0 + v;
    }
    if (slots[n + 1] >= 0) {
      const v = parseNumber(texts[slots[n + 1]])!;
      if (Number.isNaN(v)) return undefined;
      sum = 0 + v;
    }
    if (slots[n + 2] >= 0) {
      const v = parseNumber(texts[slots[n + 2]])!;
      if (!isCount(v)) return undefined;
      count = 0 + v;
    }
    const top = Math.max(inf ?? count ?? running, running);
    buckets[n] = [Infinity, top];
    return { labels: this.labels, buckets, sum: sum ?? 0, count: top };
  }
}

/** The fields of one series as a layout is made. */
interface Parts {
  readonly first: FieldEntry;
  /** The finite bounds of its buckets, as read, and the index of the field of each. */
  readonly bounds: number[];
  readonly fields: number[];
  inf: number;
  sum: number;
  count: number;
}

/**
 * @internal HistogramLayout is how the fields of a histogram family that one
 * read gave, in the order given, make its series: for each series, sorted by
 * labels key, which field is each bucket, `+Inf`, the sum and the count. A
 * family laid out this way is one whose fields are all `b`, `s` and `c`
 * fields written canonically, none added into another (no two fields of one
 * series with the same bound; a series has one sum and one count field at
 * most, each named by its labels key), with at most
 * `maxBuckets` finite bounds per series: for it the reader's rules come down
 * to the checks of each value. Each series keeps the lines last rendered for
 * it and the value texts they came from, so that a read that gives the same
 * fields (by identity, in the same order) renders a series whose texts did
 * not change by copying its lines, and another only the series that changed.
 * Other families have a layout without series (`series` undefined), so that
 * the next read in the same order knows it at once.
 */
export class HistogramLayout {
  private constructor(
    /** The fields of the family in the order the read gave them. */
    readonly entries: readonly FieldEntry[],
    /** The `maxBucketsPerSeries` of the reader that made it. */
    readonly maxBuckets: number,
    /** The family's series sorted by labels key, or undefined when the family cannot be rendered from its fields alone. */
    readonly series: readonly LaidOutSeries[] | undefined,
  ) {}

  /**
   * of lays out the fields of a histogram family, `entries` (canonical `b`,
   * `s` and `c` fields, each already split), in the order given. A series of
   * `previous` (the family's layout of an earlier read) with the same labels
   * and bounds passes its kept lines on.
   */
  static of(entries: readonly FieldEntry[], maxBuckets: number, previous?: HistogramLayout): HistogramLayout {
    const none = new HistogramLayout(entries, maxBuckets, undefined);
    const bySeries = new Map<string, Parts>();
    const boundOf = new Map<string, number | undefined>();
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const d = e.split as DecodedField;
      const le = d.extension === 'b' ? withoutBound(d.labelsText) : undefined;
      const key = le === undefined ? d.labelsText : le.key;
      let parts = bySeries.get(key);
      if (parts === undefined) bySeries.set(key, (parts = { first: e, bounds: [], fields: [], inf: -1, sum: -1, count: -1 }));
      if (d.extension === 'b') {
        if (le === undefined) return none;
        let bound = boundOf.get(le.bound);
        if (bound === undefined && !boundOf.has(le.bound)) boundOf.set(le.bound, (bound = parseNumber(le.bound)));
        if (bound === undefined || Number.isNaN(bound) || bound === -Infinity) return none;
        if (bound === Infinity) {
          if (parts.inf >= 0) return none;
          parts.inf = i;
        } else {
          parts.bounds.push(bound + 0); // -0 is the bound 0
          parts.fields.push(i);
        }
      } else if (d.extension === 's') {
        parts.sum = i; // one at most: a canonical sum or count field is named by its series' labels key
      } else if (d.extension === 'c') {
        parts.count = i;
      } else {
        return none; // native buckets, or a summary's fields
      }
    }
    const before = new Map<string, LaidOutSeries>();
    for (const s of previous?.series ?? []) before.set(s.key, s);
    const all = [...bySeries.keys()];
    const keys = codePointOrder(all).map((k) => all[k]);
    const series: LaidOutSeries[] = new Array(keys.length);
    for (let k = 0; k < keys.length; k++) {
      const parts = bySeries.get(keys[k])!;
      const n = parts.bounds.length;
      if (n > maxBuckets) return none;
      const order = increasing(parts.bounds);
      const bounds: number[] = new Array(n);
      const slots: number[] = new Array(n + 3);
      for (let j = 0; j < n; j++) {
        bounds[j] = parts.bounds[order[j]];
        slots[j] = parts.fields[order[j]];
        if (j > 0 && bounds[j] === bounds[j - 1]) return none; // two fields of one bucket are added: the assembler adds them in the order of the fields
      }
      slots[n] = parts.inf;
      slots[n + 1] = parts.sum;
      slots[n + 2] = parts.count;
      const old = before.get(keys[k]);
      const s = new LaidOutSeries(keys[k], parts.first, bounds, slots);
      if (old !== undefined && sameNumbers(old.bounds, bounds)) {
        s.texts = old.texts;
        s.lines = old.lines;
      }
      series[k] = s;
    }
    return new HistogramLayout(entries, maxBuckets, series);
  }

  /** fits tells whether this layout is of the fields `entries` (the same, in the same order) read under the same `maxBuckets`. */
  fits(entries: readonly FieldEntry[], maxBuckets: number): boolean {
    const mine = this.entries;
    if (mine.length !== entries.length || this.maxBuckets !== maxBuckets) return false;
    for (let i = 0; i < mine.length; i++) if (mine[i] !== entries[i]) return false;
    return true;
  }

  /**
   * lines renders the series of the family `name` in the text format 0.0.4,
   * one string per series, for a read whose fields (this layout's) have the
   * value texts `texts`: a series whose texts did not change since it was
   * last rendered gives its kept lines, another is rendered and kept. It
   * returns undefined when the family has no series here or a value breaks
   * a rule of the format; the reader then assembles the family.
   */
  lines(name: string, texts: readonly string[]): string[] | undefined {
    const series = this.series;
    if (series === undefined) return undefined;
    const out: string[] = new Array(series.length);
    for (let k = 0; k < series.length; k++) {
      const s = series[k];
      if (!s.unchanged(texts)) {
        const made = s.series(texts);
        if (made === undefined) return undefined;
        s.lines = flatten(histogramSeriesText(name, s.key, made));
        s.texts = s.textsOf(texts);
      }
      out[k] = s.lines;
    }
    return out;
  }

  /** seriesAt is series `k` (in the order of `lines`) as assembleHistograms makes it, for a read whose values `lines` accepted. */
  seriesAt(k: number, texts: readonly string[]): HistogramSeries {
    return this.series![k].series(texts)!;
  }

  /** size is the number of series. */
  get size(): number {
    return this.series?.length ?? 0;
  }
}

/**
 * withoutBound splits the labels part of a canonical `b` field into its `le`
 * label's value and the labels part without it: the labels key of its series
 * (as encodeLabels writes the series' labels). Undefined without `le`. A
 * canonical labels part has no escape, so each value ends at the next `"`.
 */
function withoutBound(text: string): { key: string; bound: string } | undefined {
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('="', i);
    const close = text.indexOf('"', eq + 2);
    if (eq - i === 2 && text.charCodeAt(i) === 108 /* l */ && text.charCodeAt(i + 1) === 101 /* e */) {
      const before = i === 0 ? '' : text.slice(0, i - 1);
      const after = close + 1 >= text.length ? '' : text.slice(close + 2);
      return { key: before === '' ? after : after === '' ? before : before + ',' + after, bound: text.slice(eq + 2, close) };
    }
    i = close + 2;
  }
  return undefined;
}

/** increasing returns the indices of `numbers` in increasing order of the numbers. */
function increasing(numbers: readonly number[]): number[] {
  const order: number[] = new Array(numbers.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  for (let i = 1; i < order.length; i++) {
    if (numbers[i - 1] > numbers[i]) return order.sort((a, b) => numbers[a] - numbers[b]);
  }
  return order;
}

/** sameNumbers tells whether two lists hold the same numbers in the same order. */
function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
