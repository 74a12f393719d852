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

/** The most cells a series uses, unless configured otherwise. */
export const DEFAULT_MAX_CELLS = 2048;
