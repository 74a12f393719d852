import { encodeField } from '../codec/field';
import { encodeLabels, LabelPairs } from '../codec/labels';
import { formatNumber, parseNumber } from '../codec/number';
import { cellOrdinal, MAX_KEY, ordinalKey, ordinalSign } from './ordinal';

/**
 * The extensions of the fields a summary writes besides `d`, `t`, `s` and `c`.
 * Metric-level fields (`a`, `m`, `q`) describe the sketch; cell fields (`p`,
 * `n`, `z`) count the values of one series in one cell.
 */
export const SketchExtension = {
  /** The relative accuracy of the sketch; labels part empty. */
  accuracy: 'a',
  /** The most cells a series uses when quantiles are computed; labels part empty. */
  maxCells: 'm',
  /** One quantile to report; the labels part is `quantile="<q>"`. */
  quantile: 'q',
  /** A cell of positive values; the labels carry `__cell="<key>"`. */
  positive: 'p',
  /** A cell of negative values, keyed by their absolute value; the labels carry `__cell="<key>"`. */
  negative: 'n',
  /** The cell of zero. */
  zero: 'z',
} as const;

/** The reserved label that carries a cell's key. */
export const CELL_LABEL = '__cell';

/** The reserved label that carries the Unix time (seconds) at which a windowed cell leaves the window. */
export const UNTIL_LABEL = '__until';

/** The reserved label that carries the schema a native histogram's bucket or zero count was written at (see nativeFields). */
export const SCHEMA_LABEL = '__schema';

/** The reserved label that carries the zero threshold of a native histogram's zero count (see nativeFields). */
export const ZERO_THRESHOLD_LABEL = '__zero_threshold';

/** The most cells a series uses, unless configured otherwise. */
export const DEFAULT_MAX_CELLS = 2048;

/** The most digits of a key: magnitudes below MAX_KEY = 4194304 have at most 7. */
const KEY_DIGITS = 7;

/**
 * readCellKey reads the key of a cell (of a summary sketch or of a native
 * histogram's bucket) from the text of its `__cell` label: a whole number of
 * magnitude below MAX_KEY spelled canonically (`0`, `-290`; not `-0`, `007`,
 * `+5`), or undefined for any other text.
 */
export function readCellKey(text: string): number | undefined {
  const start = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const digits = text.length - start;
  if (digits < 1 || digits > KEY_DIGITS) return undefined;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  if (text.charCodeAt(start) === 48 /* 0 */ && text !== '0') return undefined;
  const k = Number(text);
  return Math.abs(k) < MAX_KEY ? k : undefined;
}

/** isCellExtension tells whether an extension is one of a cell field: `p`, `n` or `z`. */
export function isCellExtension(extension: string): boolean {
  return extension === SketchExtension.positive || extension === SketchExtension.negative || extension === SketchExtension.zero;
}

/**
 * cellField is the field of the cell of `ordinal` in the series of `pairs` of
 * summary `name`: extension `p`, `n` or `z` by the cell's sign, the series'
 * labels plus `__cell` (not for the zero cell) and, for a windowed cell,
 * `__until` (a Unix time in seconds).
 */
export function cellField(name: string, pairs: LabelPairs, ordinal: number, untilSeconds: number | undefined): string {
  const sign = ordinalSign(ordinal);
  const labels: Array<readonly [string, string]> = [...pairs];
  if (sign !== 0) labels.push([CELL_LABEL, String(ordinalKey(ordinal))]);
  if (untilSeconds !== undefined) labels.push([UNTIL_LABEL, formatNumber(untilSeconds)]);
  const extension = sign > 0 ? SketchExtension.positive : sign < 0 ? SketchExtension.negative : SketchExtension.zero;
  return encodeField(name, extension, encodeLabels(labels));
}

/** What readCellLabels finds in the labels of a cell field. */
export interface CellLabels {
  /** The labels of the series: the field's labels without `__cell` and `__until`. */
  readonly labels: Array<[string, string]>;
  /** The cell's ordinal (see cellOrdinal). */
  readonly ordinal: number;
  /** The Unix time in seconds at which the cell leaves the window; undefined for a cell without a window. */
  readonly until: number | undefined;
}

/**
 * readCellLabels reads the labels of a cell field of extension `extension`
 * (`p`, `n` or `z`): the series' labels, the cell's ordinal and its window's
 * end. It returns a reason for labels that do not follow the format: a key
 * that is not a whole number of magnitude below MAX_KEY, an `__until` that
 * is not a number, a zero cell with a key or another cell without one.
 */
export function readCellLabels(extension: string, pairs: ReadonlyArray<[string, string]>): CellLabels | string {
  const labels: Array<[string, string]> = [];
  let key: number | undefined;
  let until: number | undefined;
  for (const pair of pairs) {
    if (pair[0] === CELL_LABEL) {
      key = readCellKey(pair[1]);
      if (key === undefined) return `the "${CELL_LABEL}" label must be a whole number of magnitude below ${MAX_KEY}`;
    } else if (pair[0] === UNTIL_LABEL) {
      until = parseNumber(pair[1]);
      if (until === undefined || Number.isNaN(until)) return `the "${UNTIL_LABEL}" label must be a Unix time in seconds`;
    } else if (pair[0] === SCHEMA_LABEL || pair[0] === ZERO_THRESHOLD_LABEL) {
      return `the "${pair[0]}" label belongs to native histograms, not to a summary's cells`;
    } else {
      labels.push(pair);
    }
  }
  if (extension === SketchExtension.zero) {
    if (key !== undefined) return `the zero cell has no "${CELL_LABEL}" label`;
  } else if (key === undefined) {
    return `a cell field needs a "${CELL_LABEL}" label`;
  }
  const sign = extension === SketchExtension.positive ? 1 : extension === SketchExtension.negative ? -1 : 0;
  return { labels, ordinal: cellOrdinal(sign, key ?? 0), until };
}

/**
 * windowEnded tells whether a windowed cell whose window ends at
 * `untilSeconds` has left it at `nowSeconds` (both Unix times in seconds): it
 * has once the time reaches `__until`. Readers ignore such cells; writers
 * delete theirs, and the maintenance job deletes what stopped writers left.
 */
export function windowEnded(untilSeconds: number, nowSeconds: number): boolean {
  return untilSeconds <= nowSeconds;
}
