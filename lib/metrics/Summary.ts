import type { BatchBuilder } from '../codec/BatchBuilder';
import { encodeField, Extension } from '../codec/field';
import { encodeLabels, LabelPairs } from '../codec/labels';
import { formatNumber } from '../codec/number';
import { admitCell, BoundedCells } from '../sketch/collapse';
import { cellField, DEFAULT_MAX_CELLS, SketchExtension, windowEnded } from '../sketch/fields';
import { LogMapping } from '../sketch/LogMapping';
import { ordinalOf } from '../sketch/ordinal';
import { TimeDecorator, timeDecorator } from '../instrument/time';
import { describe } from '../util/describe';
import { optionNames } from '../util/checkOptionNames';
import { LabelValues, Metric, METRIC_OPTIONS, metricOptionNames, valueAndLabels, MetricOptions, SeriesState } from './Metric';

/** The quantiles a Summary reports unless told otherwise. */
export const DEFAULT_QUANTILES: readonly number[] = Object.freeze([0.5, 0.9, 0.99]);

/** One cell this process has written (or will write) in one window of a series; its field is built when it is written. */
interface PendingCell {
  /** Values counted in the cell since the last flush. */
  pending: number;
}

/** The cells of one series in one age bucket of the window (or for all time, without a window). */
interface SketchWindow extends BoundedCells<PendingCell> {
  /** The Unix time in seconds at which the cells leave the window; undefined without a window. */
  readonly until: number | undefined;
  /** The Unix time in milliseconds at which recording moves to the next age bucket. */
  readonly endMs: number;
  /** Cells by ordinal. */
  readonly cells: Map<number, PendingCell>;
  /** The lowest ordinal in `cells`. */
  lowest: number;
  /** Ordinals of cells dropped by a collapse, deleted with the others when the window expires. */
  retired: number[] | undefined;
}

/** The state of one summary series in this process. */
class SummarySeriesState extends SeriesState {
  /** Windows with cells written or pending, oldest first; the last is the one recorded into. */
  windows: SketchWindow[] = [];
  current: SketchWindow | undefined = undefined;
  sum = 0;
  count = 0;
  /** True once this process has written `_sum` and `_count`. */
  created = false;
  /** The drain that last handled the series, so that a series queued twice is handled once. */
  drained = 0;
  /** True while the series is queued only so that its expired cells get deleted. */
  waiting = false;

}

/** SummaryOptions are the options of a Summary. */
export interface SummaryOptions<L extends string> extends MetricOptions<L> {
  /**
   * The quantiles to report, each from 0 to 1.
   * @default [0.5, 0.9, 0.99]
   */
  quantiles?: readonly number[];
  /**
   * The relative accuracy of the reported quantiles: a reported value is within
   * `relativeAccuracy × |v|` of a value `v` of the quantile's rank. From 0.0001
   * to less than 1.
   * @default 0.01
   */
  relativeAccuracy?: number;
  /**
   * The most sketch cells a series uses. When the values need more, the lowest
   * cells are merged into the lowest one kept, so low quantiles lose accuracy
   * (they read high) and high quantiles keep it. A whole number from 1 to 65536.
   * @default 2048
   */
  maxCells?: number;
  /**
   * When set, quantiles describe only the values observed in the last
   * `maxAgeSeconds` seconds (of the writers' wall clocks); `_sum` and `_count`
   * count every value. A whole number of seconds of at least 1.
   * @default undefined (quantiles over every value ever observed)
   */
  maxAgeSeconds?: number;
  /**
   * How many age buckets the window moves in: the window drops its oldest
   * `maxAgeSeconds / ageBuckets` seconds at a time. A whole number from 1 to 60.
   * @default 5
   */
  ageBuckets?: number;
}

/** BoundSummary is a summary series bound to one label set by `Summary.labels`. */
export interface BoundSummary {
  /** observe records one value; throws a RangeError when it is not finite. */
  observe(value: number): void;
}

/**
 * Summary reports quantiles of observed values, correct across every process
 * that records them. Each series is a relative-error logarithmic sketch
 * (DDSketch): every value adds 1 to one cell, cells are plain counters in the
 * namespace hash that every process increments, and the reader computes the
 * quantiles from the merged cells. `_sum` and `_count` are kept as usual.
 *
 * The constructor throws a TypeError or RangeError naming the metric for a bad
 * option.
 *
 * @example
 * const latency = new Summary({ name: 'rpc_duration_seconds', description: 'RPC latency', quantiles: [0.5, 0.99], maxAgeSeconds: 600 });
 * latency.observe(0.42);
 */
export class Summary<const L extends string = never> extends Metric<L, SummarySeriesState> {
  readonly type = 'summary' as const;

  /**
   * time is a method decorator that observes how long each call takes, in
   * seconds, until it returns, throws, or the promise it returns settles.
   * Use it bare, `@latency.time`, or with options,
   * `@latency.time({ labels: { step: 'db' }, milliseconds: true })`; see the
   * `time` function for the options and errors.
   *
   * @example
   * class QuoteClient {
   *   @quoteLatency.time
   *   async fetch(id: string) { … }
   * }
   */
  readonly time: TimeDecorator<L> = timeDecorator<L>(this);
  /** The quantiles reported, sorted. */
  readonly quantiles: readonly number[];
  /** The relative accuracy of the sketch. */
  readonly relativeAccuracy: number;
  /** The most cells a series uses. */
  readonly maxCells: number;
  /** The window length in seconds, or undefined for quantiles over all time. */
  readonly maxAgeSeconds: number | undefined;
  /** The number of age buckets of the window. */
  readonly ageBuckets: number;

  private readonly mapping: LogMapping;
  /** The length of an age bucket in milliseconds, or 0 without a window. */
  private readonly bucketMs: number;
  /** The number of the last drain not made by a registry (they count down, so never equal a registry's). */
  private drains = 0;

  constructor(options: SummaryOptions<L>) {
    super(options);
    this.quantiles = Object.freeze(checkQuantiles(this.name, options.quantiles ?? DEFAULT_QUANTILES));
    const accuracy = options.relativeAccuracy ?? 0.01;
    try {
      this.mapping = new LogMapping(accuracy);
    } catch (err) {
      throw new RangeError(`summary "${this.name}": ${(err as Error).message}`);
    }
    this.relativeAccuracy = accuracy;
    this.maxCells = checkWhole(this.name, 'maxCells', options.maxCells ?? DEFAULT_MAX_CELLS, 1, 65536);
    if (options.maxAgeSeconds === undefined) {
      if (options.ageBuckets !== undefined) checkWhole(this.name, 'ageBuckets', options.ageBuckets, 1, 60);
      this.maxAgeSeconds = undefined;
      this.ageBuckets = 1;
      this.bucketMs = 0;
    } else {
      this.maxAgeSeconds = checkWhole(this.name, 'maxAgeSeconds', options.maxAgeSeconds, 1, 2 ** 31);
      this.ageBuckets = checkWhole(this.name, 'ageBuckets', options.ageBuckets ?? 5, 1, 60);
      this.bucketMs = Math.round((this.maxAgeSeconds * 1000) / this.ageBuckets);
    }
  }

  /**
   * observe records `value` in the series of `labels`; the labels may come
   * first, as in prom-client: `observe({ route: '/' }, 0.2)`. Zero and negative
   * values are fine. Throws a RangeError when the value is not finite, and a
   * TypeError when a label is not allowed.
   */
  observe(labels: LabelValues<L>, value: number): void;
  observe(value: number, labels?: LabelValues<L>): void;
  observe(first: number | LabelValues<L>, second?: number | LabelValues<L>): void {
    const [value, labels] = valueAndLabels<L>(first, second);
    this.record(this.series(labels), this.checkNumber(value, 'observed value'));
  }

  /**
   * labels returns the series of one label set, bound: its `observe` skips
   * label checks and lookups, for hot paths. Throws like `observe` for bad labels.
   */
  labels(labels: LabelValues<L>): BoundSummary {
    const s = this.series(labels, true); // kept even while the buffer is full: the binding outlives an outage
    return {
      observe: (value: number) => this.record(s, this.checkNumber(value, 'observed value')),
    };
  }

  private record(s: SummarySeriesState, value: number): void {
    let w = s.current;
    if (this.bucketMs !== 0) {
      const now = Date.now();
      if (w === undefined || now >= w.endMs) w = this.rotate(s, now);
    } else if (w === undefined) {
      w = this.rotate(s, 0);
    }
    const ordinal = ordinalOf(this.mapping, value);
    let cell = w.cells.get(ordinal);
    if (cell === undefined) cell = this.admit(s, w, ordinal);
    cell.pending++;
    s.sum += value;
    s.count++;
    if (!s.dirty || s.waiting) this.touch(s);
  }

  /** touch queues a series for the next flush, or wakes one that waits only for its cells to expire. */
  private touch(s: SummarySeriesState): void {
    if (s.waiting) {
      s.waiting = false;
      if (s.dirty) {
        const owner = this._owner;
        if (owner !== undefined && owner.eager) owner.schedule();
        return;
      }
    }
    this.markDirty(s);
  }

  /** rotate starts the window (age bucket) that `now` falls in. */
  private rotate(s: SummarySeriesState, now: number): SketchWindow {
    let until: number | undefined;
    let endMs = Infinity;
    if (this.bucketMs !== 0) {
      const slot = Math.floor(now / this.bucketMs);
      until = ((slot + this.ageBuckets) * this.bucketMs) / 1000;
      endMs = (slot + 1) * this.bucketMs;
    }
    const w: SketchWindow = { until, endMs, cells: new Map(), lowest: Infinity, retired: undefined };
    // Without flushes (no registry, or the sink of a metric at maxSeries) windows
    // would pile up: keep at most the live ones and a few expired ones. Expired
    // windows dropped here are not deleted by this process (readers ignore them).
    if (s.windows.length > this.ageBuckets + 2) s.windows.splice(0, s.windows.length - this.ageBuckets - 2);
    s.windows.push(w);
    s.current = w;
    return w;
  }

  /**
   * admit adds the cell of `ordinal` to a window, under the sketch's cell
   * limit (see admitCell): a cell dropped from a windowed series is deleted
   * with the others when its window ends.
   */
  private admit(s: SummarySeriesState, w: SketchWindow, ordinal: number): PendingCell {
    return admitCell(
      w,
      ordinal,
      this.maxCells,
      () => ({ pending: 0 }),
      (dropped, lowest, droppedOrdinal) => {
        if (this.bucketMs !== 0) (w.retired ??= []).push(droppedOrdinal);
        lowest.pending += dropped.pending;
      },
    );
  }

  /** @internal */
  protected createSeries(key: string): SummarySeriesState {
    return new SummarySeriesState(key);
  }

  /** removeWindow deletes the fields of every cell of a window, those dropped by a collapse too. */
  private removeWindow(w: SketchWindow, pairs: LabelPairs, writes: BatchBuilder): void {
    for (const ordinal of w.cells.keys()) writes.remove(cellField(this.name, pairs, ordinal, w.until));
    if (w.retired !== undefined) for (const ordinal of w.retired) writes.remove(cellField(this.name, pairs, ordinal, w.until));
  }

  /** @internal _describe also writes the sketch's accuracy, cell bound and quantiles. */
  override _describe(writes: BatchBuilder): void {
    super._describe(writes);
    writes.set(this.field(SketchExtension.accuracy, ''), this.relativeAccuracy);
    writes.set(this.field(SketchExtension.maxCells, ''), this.maxCells);
    for (const q of this.quantiles) {
      writes.set(this.field(SketchExtension.quantile, encodeLabels([['quantile', formatNumber(q)]])), 1);
    }
  }

  /**
   * @internal removeFields deletes `_sum`, `_count` and the cells this
   * process wrote for the series; cells that other processes wrote stay until
   * their window passes (or the namespace is reset).
   */
  protected removeFields(s: SummarySeriesState, writes: BatchBuilder): void {
    const pairs = this.labelPairsOf(s);
    for (const w of s.windows) this.removeWindow(w, pairs, writes);
    s.windows = [];
    s.current = undefined;
    const labelsText = this.labelsTextOf(s);
    writes.remove(encodeField(this.name, Extension.sum, labelsText));
    writes.remove(encodeField(this.name, Extension.count, labelsText));
  }

  /**
   * @internal _drain writes pending cell counts, `_sum` and `_count`, and
   * deletes the cells of windows that have expired. A series with a window
   * stays queued while it has cells in Redis, so that they are deleted when
   * they expire even if the series records nothing more.
   */
  _drain(writes: BatchBuilder, dirty: SummarySeriesState[] = this.takeDirty(), pass?: number): void {
    const drain = pass ?? --this.drains; // the registry's drains count up from 1, a drain of its own down from -1
    const nowSeconds = this.bucketMs !== 0 ? Date.now() / 1000 : 0;
    for (const s of dirty) {
      if (s.drained === drain) continue;
      s.drained = drain;
      s.dirty = false;
      s.waiting = false;
      let kept = 0;
      const pairs = this.labelPairsOf(s);
      for (const w of s.windows) {
        if (w.until !== undefined && windowEnded(w.until, nowSeconds)) {
          this.removeWindow(w, pairs, writes);
          if (s.current === w) s.current = undefined;
          continue;
        }
        for (const [ordinal, c] of w.cells) {
          if (c.pending !== 0) {
            writes.incr(cellField(this.name, pairs, ordinal, w.until), c.pending, s);
            c.pending = 0;
          }
        }
        s.windows[kept++] = w;
      }
      s.windows.length = kept;
      const labelsText = this.labelsTextOf(s);
      if (s.sum !== 0 || !s.created) writes.incr(encodeField(this.name, Extension.sum, labelsText), s.sum, s);
      if (s.count !== 0 || !s.created) writes.incr(encodeField(this.name, Extension.count, labelsText), s.count, s);
      s.sum = 0;
      s.count = 0;
      s.created = true;
      if (this.bucketMs !== 0 && kept > 0) {
        s.dirty = true;
        s.waiting = true;
        this._dirty.push(s);
      }
    }
  }
}

function checkQuantiles(metric: string, quantiles: unknown): number[] {
  if (!Array.isArray(quantiles)) {
    throw new TypeError(`summary "${metric}": quantiles must be an array of numbers, got ${describe(quantiles)}`);
  }
  const out: number[] = [];
  for (const q of quantiles) {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
      throw new RangeError(`summary "${metric}": quantile ${describe(q)} is not a number from 0 to 1`);
    }
    const v = q === 0 ? 0 : q; // -0 is 0
    if (out.includes(v)) throw new RangeError(`summary "${metric}": quantile ${formatNumber(v)} is given twice`);
    out.push(v);
  }
  return out.sort((a, b) => a - b);
}

function checkWhole(metric: string, option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`summary "${metric}": ${option} must be a whole number from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}


metricOptionNames.set(Summary, [
  ...METRIC_OPTIONS,
  ...optionNames<Omit<SummaryOptions<string>, keyof MetricOptions<string>>>({
    quantiles: true,
    relativeAccuracy: true,
    maxCells: true,
    maxAgeSeconds: true,
    ageBuckets: true,
  }),
]);
