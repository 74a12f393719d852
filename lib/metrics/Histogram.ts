import { encodeField, Extension } from '../codec/field';
import { encodeLabels, escapeLabelValue } from '../codec/labels';
import { byCodeUnit } from '../util/byCodeUnit';
import { formatNumber } from '../codec/number';
import type { BatchBuilder } from '../codec/BatchBuilder';
import { TimeDecorator, timeDecorator } from '../instrument/time';
import { NativeBucketCounts, NativeLayout } from '../sketch/NativeBucketCounts';
import { schemaForFactor } from '../sketch/nativeMapping';
import { flatten } from '../util/flatten';
import { describe } from '../util/describe';
import { checkOptionNames, optionNames } from '../util/checkOptionNames';
import { LabelValues, Metric, METRIC_OPTIONS, metricOptionNames, valueAndLabels, MetricOptions, SeriesState } from './Metric';

/** The state of one histogram series since the last flush. */
class HistogramSeriesState extends SeriesState {
  /** Observations per bucket since the last flush, not cumulative; the last one is `le="+Inf"`. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  /** True once this process has written every bucket of the series. */
  created = false;

  constructor(
    key: string,
    buckets: number,
    /** The native buckets, for a histogram that has them. */
    readonly native: NativeBucketCounts | undefined,
  ) {
    super(key);
    this.counts = new Float64Array(buckets);
  }
}

/** The default buckets, in seconds, the same as other Prometheus clients use. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** HistogramOptions are the options of a Histogram. */
export interface HistogramOptions<L extends string> extends MetricOptions<L> {
  /**
   * The upper bounds of the buckets, unique and increasing. The `+Inf` bucket is
   * always added.
   * @default DEFAULT_BUCKETS, or none but `+Inf` when `native` is given
   */
  buckets?: readonly number[];
  /**
   * Native (exponential) buckets besides the classic ones: Prometheus reads
   * them when it scrapes the protobuf format (see docs/instrumenting.md,
   * "Native histograms"). With `buckets` too, a series has both; with
   * `native` alone, the classic exposition shows `_sum`, `_count` and the
   * `+Inf` bucket. `{}` takes every default.
   * @default no native buckets
   */
  native?: NativeHistogramOptions;
}

/** NativeHistogramOptions configure the native buckets of a Histogram, with client_golang's defaults. */
export interface NativeHistogramOptions {
  /**
   * The most by which a bucket's upper bound may exceed the one below it: the
   * histogram uses the coarsest schema whose buckets grow by at most this
   * factor (1.1 gives schema 3, 8 buckets per power of two, each about 9%
   * wider than the last). A number above 1.
   * @default 1.1
   */
  bucketFactor?: number;
  /**
   * The most buckets (positive and negative together) one process populates
   * in a series; beyond it, the process halves its resolution (lowers the
   * schema by one, down to -4). A whole number from 1 up.
   * @default 160
   */
  maxBuckets?: number;
  /**
   * Values whose absolute value is at most this count in the zero bucket. A
   * finite number from 0 up.
   * @default 2 ** -128
   */
  zeroThreshold?: number;
}

/** BoundHistogram is a histogram series bound to one label set by `Histogram.labels`. */
export interface BoundHistogram {
  /** observe records one value. */
  observe(value: number): void;
}

/**
 * Histogram counts observations in cumulative buckets, and keeps their sum and
 * count, per label set, across every process. With the `native` option it
 * also counts them in native (exponential) buckets, which Prometheus reads
 * over the protobuf format. Throws a TypeError or RangeError naming the
 * histogram for bad options.
 *
 * @example
 * const latency = new Histogram({ name: 'http_request_duration_seconds', description: 'Request latency', buckets: [0.1, 0.5, 1] });
 * latency.observe(0.42);
 * const rpc = new Histogram({ name: 'rpc_duration_seconds', description: 'RPC latency', native: {} });
 */
export class Histogram<const L extends string = never> extends Metric<L, HistogramSeriesState> {
  readonly type = 'histogram' as const;

  /**
   * time is a method decorator that observes how long each call takes, in
   * seconds, until it returns, throws, or the promise it returns settles.
   * Use it bare, `@latency.time`, or with options,
   * `@latency.time({ labels: { step: 'db' }, milliseconds: true })`; see the
   * `time` function for the options and errors.
   *
   * @example
   * class OrderService {
   *   @placeLatency.time
   *   async place(order: Order) { … }
   * }
   */
  readonly time: TimeDecorator<L> = timeDecorator<L>(this);
  /** The bucket upper bounds, without `+Inf`. */
  readonly buckets: readonly number[];
  /** The native buckets' schema (at first), bucket limit and zero threshold; undefined for a histogram without them. */
  readonly native: NativeLayout | undefined;
  /** `le="…"` of each bucket, `+Inf` last, for building bucket fields at flush time. */
  private readonly leLabels: readonly string[];
  /** How many of the sorted label names sort before `le`: where `le` goes among a bucket field's labels. */
  private readonly leAt: number;

  constructor(options: HistogramOptions<L>) {
    super(options);
    this.native = options.native === undefined ? undefined : Object.freeze(checkNative(this.name, options.native));
    const buckets = options.buckets ?? (this.native !== undefined ? [] : DEFAULT_BUCKETS);
    this.buckets = Object.freeze(buckets.length === 0 && this.native !== undefined ? [] : checkBuckets(this.name, buckets));
    this.leLabels = [...this.buckets, Infinity].map((le) => flatten(encodeLabels([['le', formatNumber(le)]])));
    this.leAt = this.labelNames.filter((n) => byCodeUnit(n, 'le') < 0).length;
  }

  /**
   * observe records `value` in the series of `labels`; the labels may come
   * first, as in prom-client: `observe({ route: '/' }, 0.2)`. Throws a RangeError when
   * the value is not finite, and a TypeError when a label is not allowed.
   */
  observe(labels: LabelValues<L>, value: number): void;
  observe(value: number, labels?: LabelValues<L>): void;
  observe(first: number | LabelValues<L>, second?: number | LabelValues<L>): void {
    const [value, labels] = valueAndLabels<L>(first, second);
    this.record(this.series(labels), this.checkNumber(value, 'observed value'));
  }

  /** labels returns the series of one label set, bound, for hot paths. */
  labels(labels: LabelValues<L>): BoundHistogram {
    const s = this.series(labels, true); // kept even while the buffer is full: the binding outlives an outage
    return {
      observe: (value: number) => this.record(s, this.checkNumber(value, 'observed value')),
    };
  }

  private record(s: HistogramSeriesState, value: number): void {
    const b = this.buckets;
    const n = b.length;
    let i = 0;
    if (n <= 16) {
      while (i < n && value > b[i]) i++;
    } else {
      let hi = n;
      while (i < hi) {
        const mid = (i + hi) >>> 1;
        if (value > b[mid]) i = mid + 1;
        else hi = mid;
      }
    }
    s.counts[i]++;
    s.sum += value;
    s.count++;
    if (s.native !== undefined) s.native.observe(value);
    if (!s.dirty) this.markDirty(s);
  }

  /** @internal */
  protected createSeries(key: string): HistogramSeriesState {
    const s = new HistogramSeriesState(key, this.buckets.length + 1, undefined);
    if (this.native === undefined) return s;
    const native = new NativeBucketCounts(this.native, this.name, this.labelPairsOf(s));
    return new HistogramSeriesState(key, this.buckets.length + 1, native);
  }

  /**
   * fieldsOf builds the fields of a series for writing them now: the bucket
   * fields share one prefix (the name, `:b:` and the labels that sort before
   * `le`) and one suffix (the labels after it).
   */
  private fieldsOf(s: HistogramSeriesState): { bucketPrefix: string; bucketSuffix: string; labelsText: string } {
    const values = this.labelValuesOf(s);
    const prefixes = this.labelPrefixes;
    let before = '';
    let after = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === '') continue;
      const part = prefixes[i] + escapeLabelValue(v) + '"';
      if (i < this.leAt) before += part + ',';
      else after += ',' + part;
    }
    const labelsText = before === '' ? after.slice(1) : before.slice(0, -1) + after;
    return { bucketPrefix: this.name + ':' + Extension.bucket + ':' + before, bucketSuffix: after, labelsText };
  }

  /** @internal */
  protected removeFields(s: HistogramSeriesState, writes: BatchBuilder): void {
    const { bucketPrefix, bucketSuffix, labelsText } = this.fieldsOf(s);
    for (const le of this.leLabels) writes.remove(bucketPrefix + le + bucketSuffix);
    writes.remove(encodeField(this.name, Extension.sum, labelsText));
    writes.remove(encodeField(this.name, Extension.count, labelsText));
  }

  /** @internal */
  _drain(writes: BatchBuilder, dirty: HistogramSeriesState[] = this.takeDirty()): void {
    const le = this.leLabels;
    for (const s of dirty) {
      const counts = s.counts;
      const { bucketPrefix, bucketSuffix, labelsText } = this.fieldsOf(s);
      let running = 0;
      for (let i = 0; i < counts.length; i++) {
        running += counts[i];
        if (running !== 0 || !s.created) writes.incr(bucketPrefix + le[i] + bucketSuffix, running, s);
      }
      counts.fill(0);
      if (s.sum !== 0 || !s.created) writes.incr(encodeField(this.name, Extension.sum, labelsText), s.sum, s);
      if (s.count !== 0 || !s.created) writes.incr(encodeField(this.name, Extension.count, labelsText), s.count, s);
      s.native?.drain(writes, s);
      s.sum = 0;
      s.count = 0;
      s.created = true;
      s.dirty = false;
    }
  }
}

const NATIVE_OPTIONS = optionNames<NativeHistogramOptions>({ bucketFactor: true, maxBuckets: true, zeroThreshold: true });

function checkNative(metric: string, options: unknown): NativeLayout {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`histogram "${metric}": native must be an object of options ({} for the defaults), got ${describe(options)}`);
  }
  checkOptionNames(`histogram "${metric}": native`, options, NATIVE_OPTIONS);
  const o = options as NativeHistogramOptions;
  const factor = o.bucketFactor === undefined ? 1.1
    : checkLayoutOption(metric, 'native.bucketFactor', o.bucketFactor, (v) => v > 1 && v < Infinity, 'a number greater than 1');
  const maxBuckets = o.maxBuckets === undefined ? 160
    : checkLayoutOption(metric, 'native.maxBuckets', o.maxBuckets, (v) => Number.isSafeInteger(v) && v >= 1, 'a whole number from 1 up');
  const zeroThreshold = o.zeroThreshold === undefined ? 2 ** -128
    : checkLayoutOption(metric, 'native.zeroThreshold', o.zeroThreshold, (v) => v >= 0 && v < Infinity, 'a finite number from 0 up');
  return { schema: schemaForFactor(factor), maxBuckets, zeroThreshold };
}

function checkBuckets(metric: string, buckets: unknown): number[] {
  if (!Array.isArray(buckets) || buckets.length === 0) {
    throw new TypeError(`histogram "${metric}": buckets must be a non-empty array of numbers, got ${describe(buckets)}`);
  }
  const out: number[] = [];
  for (const b of buckets) {
    if (typeof b !== 'number' || Number.isNaN(b) || b === -Infinity) {
      throw new RangeError(`histogram "${metric}": bucket bound ${describe(b)} is not a number`);
    }
    if (b === Infinity) continue;
    const prev = out[out.length - 1];
    if (prev !== undefined && !(b > prev)) {
      throw new RangeError(
        `histogram "${metric}": buckets must be unique and increasing, got ${formatNumber(b)} after ${formatNumber(prev)}`,
      );
    }
    out.push(b);
  }
  if (out.length === 0) throw new RangeError(`histogram "${metric}": needs at least one finite bucket bound`);
  return out;
}

/** BucketLayoutOptions are the options of a histogram whose bounds follow a rule: LinearHistogram and ExponentialHistogram. */
export interface BucketLayoutOptions<L extends string> extends Omit<HistogramOptions<L>, 'buckets'> {
  /** The upper bound of the first bucket. */
  start: number;
  /** The number of buckets besides `+Inf`; a whole number from 1 to 10,000. */
  count: number;
}

/**
 * bucketLayout returns `count` bucket bounds, `bound(i)` for i = 0, 1, …,
 * each rounded to 15 significant digits (so that 0.1 + 2 * 0.1 gives 0.3).
 * It throws a RangeError naming the histogram unless `count` is a whole
 * number from 1 to 10,000. For LinearHistogram and ExponentialHistogram.
 */
export function bucketLayout(metric: string, count: unknown, bound: (i: number) => number): number[] {
  const n = checkLayoutOption(metric, 'count', count, (v) => Number.isInteger(v) && v >= 1 && v <= 10_000, 'a whole number from 1 to 10000');
  return Array.from({ length: n }, (_, i) => Number(bound(i).toPrecision(15)));
}

/** checkLayoutOption returns `value` when it is a number that `ok` accepts, and throws a RangeError naming the histogram and the option otherwise. */
export function checkLayoutOption(metric: string, option: string, value: unknown, ok: (v: number) => boolean, rule: string): number {
  if (typeof value !== 'number' || !ok(value)) throw new RangeError(`histogram "${metric}": ${option} must be ${rule}, got ${describe(value)}`);
  return value;
}


metricOptionNames.set(Histogram, [...METRIC_OPTIONS, ...optionNames<Omit<HistogramOptions<string>, keyof MetricOptions<string>>>({ buckets: true, native: true })]);
