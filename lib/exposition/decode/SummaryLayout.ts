import type { DecodedField } from '../../codec/field';
import { parseNumber } from '../../codec/number';
import { collapseLowest, SketchCell } from '../../sketch/collapse';
import { CELL_LABEL, DEFAULT_MAX_CELLS, readCellKey, UNTIL_LABEL } from '../../sketch/fields';
import { LogMapping, MIN_RELATIVE_ACCURACY } from '../../sketch/LogMapping';
import { cellOrdinal } from '../../sketch/ordinal';
import { sketchQuantiles } from '../../sketch/quantile';
import { byCodePoint } from '../../util/byCodePoint';
import { codePointOrder } from '../../util/codePointOrder';
import { flatten } from '../../util/flatten';
import type { Labels, SummarySeries } from '../families';
import { summarySeriesText } from '../render/text';
import type { FieldEntry } from './FieldEntry';
import { seriesLabels } from './samples';
import { isCount } from './sumAndCount';

/** The relative accuracy of a summary without a usable `a` field: the library's default (as assembleSummaries). */
const DEFAULT_ACCURACY = 0.01;

/** @internal What a summary family's `a`, `m` and `q` fields say, for one read. */
export interface Sketch {
  readonly mapping: LogMapping;
  readonly maxCells: number;
  readonly quantiles: readonly number[];
  /** The value texts of the `a` and `m` fields and the quantiles: a series rendered under another sketch is rendered again. */
  readonly key: string;
}

/** A series' value the read breaks a rule with: the family is assembled, which skips and reports. */
const BROKEN = Symbol('broken');

/**
 * One series of a laid-out summary family: where its fields stand among the
 * family's, and the lines last rendered for it with what they came from.
 */
class LaidOutSummary {
  /** The value texts of the slots the kept lines were rendered from. */
  texts: Array<string | undefined> | undefined;
  /** For each slot, whether its cell was live when the kept lines were rendered. */
  live: boolean[] | undefined;
  /** The `key` of the sketch the kept lines were rendered with. */
  sketch = '';
  /** The series' lines as last rendered (empty when it did not exist: only expired cells). */
  lines = '';
  private decoded: Labels | undefined;

  constructor(
    /** The series' labels key, which is also the label pairs of its lines. */
    readonly key: string,
    private readonly first: FieldEntry,
    /** The ordinal of each cell slot, in increasing order, each cell's fields in the order of the fields. */
    readonly ordinals: readonly number[],
    /** The index among the family's fields of the field of each slot: its cells' fields, then the sum and the count (-1 without). */
    readonly slots: readonly number[],
    /** For each cell slot, the end of its window (`__until`, seconds), or undefined. */
    readonly untils: ReadonlyArray<number | undefined>,
    /** The field of each cell slot. */
    readonly cellFields: readonly string[],
  ) {}

  get labels(): Labels {
    if (this.decoded === undefined) {
      const d = this.first.split as DecodedField;
      this.decoded = seriesLabels({ field: this.first.field, extension: d.extension, labels: d.labels, labelsText: d.labelsText, value: 0, text: '', canonical: true });
    }
    return this.decoded;
  }

  /** unchanged tells whether the kept lines were rendered from this read's value texts, cells live alike, and the same sketch. */
  unchanged(texts: readonly string[], nowSeconds: number, sketch: Sketch): boolean {
    const kept = this.texts;
    const live = this.live;
    if (kept === undefined || live === undefined || this.sketch !== sketch.key) return false;
    const slots = this.slots;
    for (let j = 0; j < slots.length; j++) if ((slots[j] < 0 ? undefined : texts[slots[j]]) !== kept[j]) return false;
    const untils = this.untils;
    for (let j = 0; j < untils.length; j++) if (untils[j] !== undefined && untils[j]! > nowSeconds !== live[j]) return false;
    return true;
  }

  /** keep remembers the lines rendered for this read. */
  keep(lines: string, texts: readonly string[], nowSeconds: number, sketch: Sketch): void {
    this.lines = lines;
    this.sketch = sketch.key;
    this.texts = this.slots.map((k) => (k < 0 ? undefined : texts[k]));
    this.live = this.untils.map((u) => u === undefined || u > nowSeconds);
  }

  /**
   * series is the series as assembleSummaries makes it from the same fields,
   * null when it does not exist (its only fields are expired cells), or
   * BROKEN when a value breaks a rule of the format.
   */
  series(texts: readonly string[], nowSeconds: number, sketch: Sketch): SummarySeries | null | typeof BROKEN {
    const { ordinals, slots, untils } = this;
    const n = ordinals.length;
    const cells: SketchCell[] = [];
    let exists = false;
    for (let j = 0; j < n; ) {
      const ordinal = ordinals[j];
      let count: number | undefined;
      for (; j < n && ordinals[j] === ordinal; j++) {
        const x = parseNumber(texts[slots[j]])!;
        if (!isCount(x)) return BROKEN;
        if (untils[j] !== undefined && !(untils[j]! > nowSeconds)) continue; // expired: ignored
        count = (count ?? 0) + x;
        exists = true;
      }
      if (count !== undefined && count !== 0) cells.push({ ordinal, count });
    }
    let sum: number | undefined;
    let count: number | undefined;
    if (slots[n] >= 0) {
      const v = parseNumber(texts[slots[n]])!;
      if (Number.isNaN(v)) return BROKEN;
      sum = 0 + v;
    }
    if (slots[n + 1] >= 0) {
      const v = parseNumber(texts[slots[n + 1]])!;
      if (!isCount(v)) return BROKEN;
      count = 0 + v;
    }
    if (!exists && sum === undefined && count === undefined) return null;
    const qs = sketch.quantiles;
    let quantiles: Array<readonly [number, number]> = [];
    if (qs.length > 0) {
      const values = sketchQuantiles(collapseLowest(cells, sketch.maxCells), qs, sketch.mapping);
      quantiles = values.map((v, j) => [qs[j], v] as const);
    }
    return { labels: this.labels, quantiles, sum: sum ?? 0, count: count ?? 0 };
  }
}

/** The fields of one series as a layout is made. */
interface Parts {
  readonly first: FieldEntry;
  /** Its cell fields: the ordinal, the field's index and its window's end. */
  readonly cells: Array<{ readonly ordinal: number; readonly field: number; readonly until: number | undefined }>;
  sum: number;
  count: number;
}

/**
 * @internal SummaryLayout is, for a summary family, what HistogramLayout is
 * for a histogram: how the fields that one read gave, in the order given,
 * make its series (sorted by labels key), and each series' lines as last
 * rendered. A family laid out this way is one whose fields are all `s`, `c`,
 * `p`, `n`, `z`, `q`, `a` and `m` fields written canonically, each cell field
 * with a valid `__cell` (none on `z`) and `__until` and no native histogram
 * label, each `q` field a quantile from 0 to 1, at most `maxQuantiles`
 * quantiles: for it the reader's rules come down to the checks of each value
 * (the cells' and the count's whole numbers, a sum that is not NaN, the
 * accuracy and the cell bound). Fields of one cell (a cell in several
 * windows) are added in the order of the fields, as the assembler adds them.
 * A series' kept lines are used again when its value texts, the liveness of
 * its windowed cells and the `a` and `m` texts are those they were rendered
 * with. Other families have a layout without series.
 */
export class SummaryLayout {
  private constructor(
    readonly entries: readonly FieldEntry[],
    readonly maxQuantiles: number,
    readonly series: readonly LaidOutSummary[] | undefined,
    /** The index of the `a` field, of the `m` field (-1 without), and the quantiles in increasing order. */
    private readonly accuracy = -1,
    private readonly maxCells = -1,
    private readonly quantiles: readonly number[] = [],
  ) {}

  /** of lays out the fields `entries` of a summary family, in the order given; series of `previous` pass their kept lines on. */
  static of(entries: readonly FieldEntry[], maxQuantiles: number, previous?: SummaryLayout): SummaryLayout {
    const none = new SummaryLayout(entries, maxQuantiles, undefined);
    const bySeries = new Map<string, Parts>();
    const quantiles = new Set<number>();
    let accuracy = -1;
    let maxCells = -1;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const d = e.split as DecodedField;
      switch (d.extension) {
        case 'a':
          accuracy = i; // one at most: its field is `name:a:`
          continue;
        case 'm':
          maxCells = i;
          continue;
        case 'q': {
          const text = d.labelsText;
          const q = text.startsWith('quantile="') && text.indexOf('"', 10) === text.length - 1 ? parseNumber(text.slice(10, -1)) : undefined;
          if (q === undefined || !(q >= 0 && q <= 1)) return none;
          quantiles.add(q + 0);
          continue;
        }
        case 's':
        case 'c':
        case 'p':
        case 'n':
        case 'z':
          break;
        default:
          return none;
      }
      const cell = d.extension === 's' || d.extension === 'c' ? undefined : reservedOf(d.labelsText);
      if (cell === null) return none;
      const key = cell === undefined ? d.labelsText : cell.key;
      let parts = bySeries.get(key);
      if (parts === undefined) bySeries.set(key, (parts = { first: e, cells: [], sum: -1, count: -1 }));
      if (cell === undefined) {
        if (d.extension === 's') parts.sum = i; // one at most: a canonical sum or count field is named by its series' labels key
        else parts.count = i;
        continue;
      }
      let ordinal = 0;
      if (d.extension === 'z') {
        if (cell.cell !== undefined) return none;
      } else {
        const k = cell.cell === undefined ? undefined : readCellKey(cell.cell);
        if (k === undefined) return none;
        ordinal = cellOrdinal(d.extension === 'p' ? 1 : -1, k);
      }
      const until = cell.until === undefined ? undefined : parseNumber(cell.until);
      if (cell.until !== undefined && (until === undefined || Number.isNaN(until))) return none;
      parts.cells.push({ ordinal, field: i, until });
    }
    if (quantiles.size > maxQuantiles) return none;
    const before = new Map<string, LaidOutSummary>();
    for (const s of previous?.series ?? []) before.set(s.key, s);
    const all = [...bySeries.keys()];
    const keys = codePointOrder(all).map((k) => all[k]);
    const series: LaidOutSummary[] = new Array(keys.length);
    for (let k = 0; k < keys.length; k++) {
      const parts = bySeries.get(keys[k])!;
      const cells = parts.cells.sort((x, y) => x.ordinal - y.ordinal || byCodePoint(entries[x.field].field, entries[y.field].field));
      const slots = [...cells.map((c) => c.field), parts.sum, parts.count];
      const cellFields = cells.map((c) => entries[c.field].field);
      const s = new LaidOutSummary(keys[k], parts.first, cells.map((c) => c.ordinal), slots, cells.map((c) => c.until), cellFields);
      const old = before.get(keys[k]);
      if (old !== undefined && sameFields(old.cellFields, cellFields)) {
        s.texts = old.texts;
        s.live = old.live;
        s.sketch = old.sketch;
        s.lines = old.lines;
      }
      series[k] = s;
    }
    return new SummaryLayout(entries, maxQuantiles, series, accuracy, maxCells, [...quantiles].sort((x, y) => x - y));
  }

  /** fits tells whether this layout is of the fields `entries` (the same, in the same order) read under the same `maxQuantiles`. */
  fits(entries: readonly FieldEntry[], maxQuantiles: number): boolean {
    const mine = this.entries;
    if (mine.length !== entries.length || this.maxQuantiles !== maxQuantiles) return false;
    for (let i = 0; i < mine.length; i++) if (mine[i] !== entries[i]) return false;
    return true;
  }

  /**
   * lines renders the series of the family `name` that exist as of
   * `nowSeconds`, one string per series, and which series they are (indexes
   * for seriesAt); a series whose kept lines still hold gives them, another
   * is rendered and kept. Undefined when the family has no series here or a
   * value breaks a rule of the format: the reader then assembles the family.
   */
  lines(name: string, texts: readonly string[], nowSeconds: number): { lines: string[]; shown: number[]; sketch: Sketch } | undefined {
    const series = this.series;
    const sketch = series === undefined ? undefined : this.sketch(texts);
    if (series === undefined || sketch === undefined) return undefined;
    const lines: string[] = [];
    const shown: number[] = [];
    for (let k = 0; k < series.length; k++) {
      const s = series[k];
      if (!s.unchanged(texts, nowSeconds, sketch)) {
        const made = s.series(texts, nowSeconds, sketch);
        if (made === BROKEN) return undefined;
        s.keep(made === null ? '' : flatten(summarySeriesText(name, s.key, made)), texts, nowSeconds, sketch);
      }
      if (s.lines === '') continue;
      lines.push(s.lines);
      shown.push(k);
    }
    return { lines, shown, sketch };
  }

  /** seriesAt is series `k` (an index `lines` listed) as assembleSummaries makes it, for a read whose values `lines` accepted with `sketch`. */
  seriesAt(k: number, texts: readonly string[], nowSeconds: number, sketch: Sketch): SummarySeries {
    return this.series![k].series(texts, nowSeconds, sketch) as SummarySeries;
  }

  /** sketch reads the accuracy and cell bound of this read, or undefined when the `a` or `m` field breaks a rule. */
  private sketch(texts: readonly string[]): Sketch | undefined {
    let accuracy = DEFAULT_ACCURACY;
    let maxCells = DEFAULT_MAX_CELLS;
    const a = this.accuracy < 0 ? undefined : texts[this.accuracy];
    const m = this.maxCells < 0 ? undefined : texts[this.maxCells];
    if (a !== undefined) {
      const x = parseNumber(a)!;
      if (!(x >= MIN_RELATIVE_ACCURACY && x < 1)) return undefined;
      accuracy = x;
    }
    if (m !== undefined) {
      const x = parseNumber(m)!;
      if (!(isCount(x) && x >= 1)) return undefined;
      maxCells = x;
    }
    return { mapping: new LogMapping(accuracy), maxCells, quantiles: this.quantiles, key: `${a ?? ''} ${m ?? ''} ${this.quantiles.join(',')}` };
  }
}

/**
 * reservedOf splits the labels part of a canonical cell field into its
 * `__cell` and `__until` values and the labels part without them: the labels
 * key of its series. Null when it has a `__schema` or `__zero_threshold`
 * label (a native histogram's). A canonical labels part has no escape, so
 * each value ends at the next `"`.
 */
function reservedOf(text: string): { key: string; cell: string | undefined; until: string | undefined } | null {
  let key = '';
  let cell: string | undefined;
  let until: string | undefined;
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('="', i);
    const close = text.indexOf('"', eq + 2);
    if (text.charCodeAt(i) === 95 /* _ */ && text.charCodeAt(i + 1) === 95) {
      const name = text.slice(i, eq);
      if (name === CELL_LABEL) cell = text.slice(eq + 2, close);
      else if (name === UNTIL_LABEL) until = text.slice(eq + 2, close);
      else return null;
    } else {
      key = key === '' ? text.slice(i, close + 1) : key + ',' + text.slice(i, close + 1);
    }
    i = close + 2;
  }
  return { key, cell, until };
}

/** sameFields tells whether two lists hold the same fields in the same order. */
function sameFields(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}
