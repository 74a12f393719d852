// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import { encodeField, Extension } from '../codec/field';
import { encodeLabels } from '../codec/labels';
import { formatNumber } from '../codec/number';
import type { BatchBuilder } from '../codec/BatchBuilder';
import { TimeDecorator, timeDecorator } from '../instrument/time';
import { flatten } from '../util/flatten';
import { describe } from '../util/describe';
import { optionNames } from '../util/checkOptionNames';
import { LabelValues, Metric, METRIC_OPTIONS, metricOptionNames, valueAndLabels, MetricOptions, SeriesState } from './Metric';

/** The state of one histogram series since the last flush. */
class HistogramSeriesState extends SeriesState {
  /** Observations per bucket since the last flush, not cumulative. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  /** True once this process has written every bucket of the series. */
  created = stryMutAct_9fa48("34") ? true : (stryCov_9fa48("34"), false);
  constructor(labelsText: string, labels: Readonly<Record<string, string>>, /** The field of each bucket, in order, the last one `le="+Inf"`. */
  readonly bucketFields: readonly string[], readonly sumField: string, readonly countField: string) {
    super(labelsText, labels);
    this.counts = new Float64Array(bucketFields.length);
  }
}

/** The default buckets, in seconds, the same as other Prometheus clients use. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze(stryMutAct_9fa48("35") ? [] : (stryCov_9fa48("35"), [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]));

/** HistogramOptions are the options of a Histogram. */
export interface HistogramOptions<L extends string> extends MetricOptions<L> {
  /**
   * The upper bounds of the buckets, unique and increasing. The `+Inf` bucket is
   * always added.
   * @default DEFAULT_BUCKETS
   */
  buckets?: readonly number[];
}

/** BoundHistogram is a histogram series bound to one label set by `Histogram.labels`. */
export interface BoundHistogram {
  /** observe records one value. */
  observe(value: number): void;
}

/**
 * Histogram counts observations in cumulative buckets, and keeps their sum and
 * count, per label set, across every process.
 *
 * @example
 * const latency = new Histogram({ name: 'http_request_duration_seconds', description: 'Request latency', buckets: [0.1, 0.5, 1] });
 * latency.observe(0.42);
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
  constructor(options: HistogramOptions<L>) {
    super(options);
    this.buckets = Object.freeze(checkBuckets(this.name, stryMutAct_9fa48("36") ? options.buckets && DEFAULT_BUCKETS : (stryCov_9fa48("36"), options.buckets ?? DEFAULT_BUCKETS)));
  }

  /**
   * observe records `value` in the series of `labels`; the labels may come
   * first, as in prom-client: `observe({ route: '/' }, 0.2)`. Throws a RangeError when
   * the value is not finite, and a TypeError when a label is not allowed.
   */
  observe(labels: LabelValues<L>, value: number): void;
  observe(value: number, labels?: LabelValues<L>): void;
  observe(first: number | LabelValues<L>, second?: number | LabelValues<L>): void {
    if (stryMutAct_9fa48("37")) {
      {}
    } else {
      stryCov_9fa48("37");
      const [value, labels] = valueAndLabels<L>(first, second);
      this.record(this.series(labels), this.checkNumber(value, stryMutAct_9fa48("38") ? "" : (stryCov_9fa48("38"), 'observed value')));
    }
  }

  /** labels returns the series of one label set, bound, for hot paths. */
  labels(labels: LabelValues<L>): BoundHistogram {
    if (stryMutAct_9fa48("39")) {
      {}
    } else {
      stryCov_9fa48("39");
      const s = this.series(labels, stryMutAct_9fa48("40") ? false : (stryCov_9fa48("40"), true)); // kept even while the buffer is full: the binding outlives an outage
      return stryMutAct_9fa48("41") ? {} : (stryCov_9fa48("41"), {
        observe: stryMutAct_9fa48("42") ? () => undefined : (stryCov_9fa48("42"), (value: number) => this.record(s, this.checkNumber(value, stryMutAct_9fa48("43") ? "" : (stryCov_9fa48("43"), 'observed value'))))
      });
    }
  }
  private record(s: HistogramSeriesState, value: number): void {
    if (stryMutAct_9fa48("44")) {
      {}
    } else {
      stryCov_9fa48("44");
      const b = this.buckets;
      const n = b.length;
      let i = 0;
      if (stryMutAct_9fa48("48") ? n > 16 : stryMutAct_9fa48("47") ? n < 16 : stryMutAct_9fa48("46") ? false : stryMutAct_9fa48("45") ? true : (stryCov_9fa48("45", "46", "47", "48"), n <= 16)) {
        if (stryMutAct_9fa48("49")) {
          {}
        } else {
          stryCov_9fa48("49");
          while (stryMutAct_9fa48("51") ? i < n || value > b[i] : stryMutAct_9fa48("50") ? false : (stryCov_9fa48("50", "51"), (stryMutAct_9fa48("54") ? i >= n : stryMutAct_9fa48("53") ? i <= n : stryMutAct_9fa48("52") ? true : (stryCov_9fa48("52", "53", "54"), i < n)) && (stryMutAct_9fa48("57") ? value <= b[i] : stryMutAct_9fa48("56") ? value >= b[i] : stryMutAct_9fa48("55") ? true : (stryCov_9fa48("55", "56", "57"), value > b[i])))) stryMutAct_9fa48("58") ? i-- : (stryCov_9fa48("58"), i++);
        }
      } else {
        if (stryMutAct_9fa48("59")) {
          {}
        } else {
          stryCov_9fa48("59");
          let hi = n;
          while (stryMutAct_9fa48("62") ? i >= hi : stryMutAct_9fa48("61") ? i <= hi : stryMutAct_9fa48("60") ? false : (stryCov_9fa48("60", "61", "62"), i < hi)) {
            if (stryMutAct_9fa48("63")) {
              {}
            } else {
              stryCov_9fa48("63");
              const mid = (stryMutAct_9fa48("64") ? i - hi : (stryCov_9fa48("64"), i + hi)) >>> 1;
              if (stryMutAct_9fa48("68") ? value <= b[mid] : stryMutAct_9fa48("67") ? value >= b[mid] : stryMutAct_9fa48("66") ? false : stryMutAct_9fa48("65") ? true : (stryCov_9fa48("65", "66", "67", "68"), value > b[mid])) i = stryMutAct_9fa48("69") ? mid - 1 : (stryCov_9fa48("69"), mid + 1);else hi = mid;
            }
          }
        }
      }
      stryMutAct_9fa48("70") ? s.counts[i]-- : (stryCov_9fa48("70"), s.counts[i]++);
      stryMutAct_9fa48("71") ? s.sum -= value : (stryCov_9fa48("71"), s.sum += value);
      stryMutAct_9fa48("72") ? s.count-- : (stryCov_9fa48("72"), s.count++);
      if (stryMutAct_9fa48("75") ? false : stryMutAct_9fa48("74") ? true : stryMutAct_9fa48("73") ? s.dirty : (stryCov_9fa48("73", "74", "75"), !s.dirty)) this.markDirty(s);
    }
  }

  /** @internal */
  protected createSeries(labelsText: string, labels: Readonly<Record<string, string>>): HistogramSeriesState {
    if (stryMutAct_9fa48("76")) {
      {}
    } else {
      stryCov_9fa48("76");
      const pairs = Object.entries(labels);
      const bucketFields = (stryMutAct_9fa48("77") ? [] : (stryCov_9fa48("77"), [...this.buckets, Infinity])).map(stryMutAct_9fa48("78") ? () => undefined : (stryCov_9fa48("78"), le => flatten(encodeField(this.name, Extension.bucket, encodeLabels(stryMutAct_9fa48("79") ? [] : (stryCov_9fa48("79"), [...pairs, stryMutAct_9fa48("80") ? [] : (stryCov_9fa48("80"), [stryMutAct_9fa48("81") ? "" : (stryCov_9fa48("81"), 'le'), formatNumber(le)])]))))));
      return new HistogramSeriesState(labelsText, labels, bucketFields, this.field(Extension.sum, labelsText), this.field(Extension.count, labelsText));
    }
  }

  /** @internal */
  _drain(writes: BatchBuilder): void {
    if (stryMutAct_9fa48("82")) {
      {}
    } else {
      stryCov_9fa48("82");
      for (const s of this.takeDirty()) {
        if (stryMutAct_9fa48("83")) {
          {}
        } else {
          stryCov_9fa48("83");
          const counts = s.counts;
          let running = 0;
          for (let i = 0; stryMutAct_9fa48("86") ? i >= counts.length : stryMutAct_9fa48("85") ? i <= counts.length : stryMutAct_9fa48("84") ? false : (stryCov_9fa48("84", "85", "86"), i < counts.length); stryMutAct_9fa48("87") ? i-- : (stryCov_9fa48("87"), i++)) {
            if (stryMutAct_9fa48("88")) {
              {}
            } else {
              stryCov_9fa48("88");
              stryMutAct_9fa48("89") ? running -= counts[i] : (stryCov_9fa48("89"), running += counts[i]);
              if (stryMutAct_9fa48("92") ? running !== 0 && !s.created : stryMutAct_9fa48("91") ? false : stryMutAct_9fa48("90") ? true : (stryCov_9fa48("90", "91", "92"), (stryMutAct_9fa48("94") ? running === 0 : stryMutAct_9fa48("93") ? false : (stryCov_9fa48("93", "94"), running !== 0)) || (stryMutAct_9fa48("95") ? s.created : (stryCov_9fa48("95"), !s.created)))) writes.incr(s.bucketFields[i], running);
            }
          }
          counts.fill(0);
          if (stryMutAct_9fa48("98") ? s.sum !== 0 && !s.created : stryMutAct_9fa48("97") ? false : stryMutAct_9fa48("96") ? true : (stryCov_9fa48("96", "97", "98"), (stryMutAct_9fa48("100") ? s.sum === 0 : stryMutAct_9fa48("99") ? false : (stryCov_9fa48("99", "100"), s.sum !== 0)) || (stryMutAct_9fa48("101") ? s.created : (stryCov_9fa48("101"), !s.created)))) writes.incr(s.sumField, s.sum);
          if (stryMutAct_9fa48("104") ? s.count !== 0 && !s.created : stryMutAct_9fa48("103") ? false : stryMutAct_9fa48("102") ? true : (stryCov_9fa48("102", "103", "104"), (stryMutAct_9fa48("106") ? s.count === 0 : stryMutAct_9fa48("105") ? false : (stryCov_9fa48("105", "106"), s.count !== 0)) || (stryMutAct_9fa48("107") ? s.created : (stryCov_9fa48("107"), !s.created)))) writes.incr(s.countField, s.count);
          s.sum = 0;
          s.count = 0;
          s.created = stryMutAct_9fa48("108") ? false : (stryCov_9fa48("108"), true);
          s.dirty = stryMutAct_9fa48("109") ? true : (stryCov_9fa48("109"), false);
        }
      }
    }
  }
}
function checkBuckets(metric: string, buckets: unknown): number[] {
  if (stryMutAct_9fa48("110")) {
    {}
  } else {
    stryCov_9fa48("110");
    if (stryMutAct_9fa48("113") ? !Array.isArray(buckets) && buckets.length === 0 : stryMutAct_9fa48("112") ? false : stryMutAct_9fa48("111") ? true : (stryCov_9fa48("111", "112", "113"), (stryMutAct_9fa48("114") ? Array.isArray(buckets) : (stryCov_9fa48("114"), !Array.isArray(buckets))) || (stryMutAct_9fa48("116") ? buckets.length !== 0 : stryMutAct_9fa48("115") ? false : (stryCov_9fa48("115", "116"), buckets.length === 0)))) {
      if (stryMutAct_9fa48("117")) {
        {}
      } else {
        stryCov_9fa48("117");
        throw new TypeError(stryMutAct_9fa48("118") ? `` : (stryCov_9fa48("118"), `histogram "${metric}": buckets must be a non-empty array of numbers, got ${describe(buckets)}`));
      }
    }
    const out: number[] = stryMutAct_9fa48("119") ? ["Stryker was here"] : (stryCov_9fa48("119"), []);
    for (const b of buckets) {
      if (stryMutAct_9fa48("120")) {
        {}
      } else {
        stryCov_9fa48("120");
        if (stryMutAct_9fa48("123") ? (typeof b !== 'number' || Number.isNaN(b)) && b === -Infinity : stryMutAct_9fa48("122") ? false : stryMutAct_9fa48("121") ? true : (stryCov_9fa48("121", "122", "123"), (stryMutAct_9fa48("125") ? typeof b !== 'number' && Number.isNaN(b) : stryMutAct_9fa48("124") ? false : (stryCov_9fa48("124", "125"), (stryMutAct_9fa48("127") ? typeof b === 'number' : stryMutAct_9fa48("126") ? false : (stryCov_9fa48("126", "127"), typeof b !== (stryMutAct_9fa48("128") ? "" : (stryCov_9fa48("128"), 'number')))) || Number.isNaN(b))) || (stryMutAct_9fa48("130") ? b !== -Infinity : stryMutAct_9fa48("129") ? false : (stryCov_9fa48("129", "130"), b === (stryMutAct_9fa48("131") ? +Infinity : (stryCov_9fa48("131"), -Infinity)))))) {
          if (stryMutAct_9fa48("132")) {
            {}
          } else {
            stryCov_9fa48("132");
            throw new RangeError(stryMutAct_9fa48("133") ? `` : (stryCov_9fa48("133"), `histogram "${metric}": bucket bound ${describe(b)} is not a number`));
          }
        }
        if (stryMutAct_9fa48("136") ? b !== Infinity : stryMutAct_9fa48("135") ? false : stryMutAct_9fa48("134") ? true : (stryCov_9fa48("134", "135", "136"), b === Infinity)) continue;
        const prev = out[stryMutAct_9fa48("137") ? out.length + 1 : (stryCov_9fa48("137"), out.length - 1)];
        if (stryMutAct_9fa48("140") ? prev !== undefined || !(b > prev) : stryMutAct_9fa48("139") ? false : stryMutAct_9fa48("138") ? true : (stryCov_9fa48("138", "139", "140"), (stryMutAct_9fa48("142") ? prev === undefined : stryMutAct_9fa48("141") ? true : (stryCov_9fa48("141", "142"), prev !== undefined)) && (stryMutAct_9fa48("143") ? b > prev : (stryCov_9fa48("143"), !(stryMutAct_9fa48("147") ? b <= prev : stryMutAct_9fa48("146") ? b >= prev : stryMutAct_9fa48("145") ? false : stryMutAct_9fa48("144") ? true : (stryCov_9fa48("144", "145", "146", "147"), b > prev)))))) {
          if (stryMutAct_9fa48("148")) {
            {}
          } else {
            stryCov_9fa48("148");
            throw new RangeError(stryMutAct_9fa48("149") ? `` : (stryCov_9fa48("149"), `histogram "${metric}": buckets must be unique and increasing, got ${formatNumber(b)} after ${formatNumber(prev)}`));
          }
        }
        out.push(b);
      }
    }
    if (stryMutAct_9fa48("152") ? out.length !== 0 : stryMutAct_9fa48("151") ? false : stryMutAct_9fa48("150") ? true : (stryCov_9fa48("150", "151", "152"), out.length === 0)) throw new RangeError(stryMutAct_9fa48("153") ? `` : (stryCov_9fa48("153"), `histogram "${metric}": needs at least one finite bucket bound`));
    return out;
  }
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
  if (stryMutAct_9fa48("154")) {
    {}
  } else {
    stryCov_9fa48("154");
    const n = checkLayoutOption(metric, stryMutAct_9fa48("155") ? "" : (stryCov_9fa48("155"), 'count'), count, stryMutAct_9fa48("156") ? () => undefined : (stryCov_9fa48("156"), v => stryMutAct_9fa48("159") ? Number.isInteger(v) && v >= 1 || v <= 10_000 : stryMutAct_9fa48("158") ? false : stryMutAct_9fa48("157") ? true : (stryCov_9fa48("157", "158", "159"), (stryMutAct_9fa48("161") ? Number.isInteger(v) || v >= 1 : stryMutAct_9fa48("160") ? true : (stryCov_9fa48("160", "161"), Number.isInteger(v) && (stryMutAct_9fa48("164") ? v < 1 : stryMutAct_9fa48("163") ? v > 1 : stryMutAct_9fa48("162") ? true : (stryCov_9fa48("162", "163", "164"), v >= 1)))) && (stryMutAct_9fa48("167") ? v > 10_000 : stryMutAct_9fa48("166") ? v < 10_000 : stryMutAct_9fa48("165") ? true : (stryCov_9fa48("165", "166", "167"), v <= 10_000)))), stryMutAct_9fa48("168") ? "" : (stryCov_9fa48("168"), 'a whole number from 1 to 10000'));
    return Array.from(stryMutAct_9fa48("169") ? {} : (stryCov_9fa48("169"), {
      length: n
    }), stryMutAct_9fa48("170") ? () => undefined : (stryCov_9fa48("170"), (_, i) => Number(bound(i).toPrecision(15))));
  }
}

/** checkLayoutOption returns `value` when it is a number that `ok` accepts, and throws a RangeError naming the histogram and the option otherwise. */
export function checkLayoutOption(metric: string, option: string, value: unknown, ok: (v: number) => boolean, rule: string): number {
  if (stryMutAct_9fa48("171")) {
    {}
  } else {
    stryCov_9fa48("171");
    if (stryMutAct_9fa48("174") ? typeof value !== 'number' && !ok(value) : stryMutAct_9fa48("173") ? false : stryMutAct_9fa48("172") ? true : (stryCov_9fa48("172", "173", "174"), (stryMutAct_9fa48("176") ? typeof value === 'number' : stryMutAct_9fa48("175") ? false : (stryCov_9fa48("175", "176"), typeof value !== (stryMutAct_9fa48("177") ? "" : (stryCov_9fa48("177"), 'number')))) || (stryMutAct_9fa48("178") ? ok(value) : (stryCov_9fa48("178"), !ok(value))))) throw new RangeError(stryMutAct_9fa48("179") ? `` : (stryCov_9fa48("179"), `histogram "${metric}": ${option} must be ${rule}, got ${describe(value)}`));
    return value;
  }
}
metricOptionNames.set(Histogram, stryMutAct_9fa48("180") ? [] : (stryCov_9fa48("180"), [...METRIC_OPTIONS, ...optionNames<Omit<HistogramOptions<string>, keyof MetricOptions<string>>>(stryMutAct_9fa48("181") ? {} : (stryCov_9fa48("181"), {
  buckets: stryMutAct_9fa48("182") ? false : (stryCov_9fa48("182"), true)
}))]));