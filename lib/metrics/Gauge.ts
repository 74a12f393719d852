import { Extension, ProcessExtension } from '../codec/field';
import { encodeLabels } from '../codec/labels';
import type { BatchBuilder } from '../codec/BatchBuilder';
import { CountDecorator, countDecorator } from '../instrument/count';
import { TrackDecorator, trackDecorator } from '../instrument/gaugeTrack';
import { describe } from '../util/describe';
import { optionNames } from '../util/checkOptionNames';
import { LabelValues, Metric, METRIC_OPTIONS, metricOptionNames, MetricOptions, valueAndLabels, ValueSeriesState } from './Metric';

/** The state of one gauge series since the last flush. */
class GaugeSeriesState extends ValueSeriesState {
  /** The change since the last flush, or the value to write when `isSet`. */
  value = 0;
  /** True when `set` was called since the last flush: `value` replaces what Redis holds. */
  isSet = false;
  /** For every aggregation but `'sum'`: this process's own value of the series. */
  current = 0;
  /** The field of this series in the process hash, once written. */
  processField: string | undefined;
}

/**
 * GaugeAggregate says how the values that several processes give one gauge
 * series make the one value a reader shows (docs/processes.md):
 *
 * - `'sum'`: `inc` and `dec` add up across processes, `set` replaces the
 *   shared value; what a process added stays when it dies.
 * - `'liveSum'`, `'liveMax'`, `'liveMin'`: the sum, the largest or the
 *   smallest of the values of the live processes.
 * - `'max'`, `'min'`: the largest or the smallest value of every process,
 *   dead ones included (a dead process's last value is kept).
 * - `'last'`: the value written most recently by any process (kept when it dies).
 * - `'liveLast'`: the value written most recently by a live process.
 * - `'perProcess'`: one series per live process, told apart by the
 *   registry's process label (`processLabel`).
 *
 * In every mode but `'sum'`, each process keeps its own value of a series
 * (`inc`, `dec` and `set` change it) and writes it whole, so nothing drifts.
 */
export type GaugeAggregate = 'sum' | 'liveSum' | 'max' | 'liveMax' | 'min' | 'liveMin' | 'last' | 'liveLast' | 'perProcess';

/** The extension of the process hash field of each aggregation that keeps a value per process. */
const PROCESS_EXTENSION: Readonly<Partial<Record<GaugeAggregate, string>>> = {
  liveSum: ProcessExtension.liveSum,
  perProcess: ProcessExtension.perProcess,
  liveMax: ProcessExtension.liveMax,
  liveMin: ProcessExtension.liveMin,
  liveLast: ProcessExtension.liveLast,
  max: ProcessExtension.max,
  min: ProcessExtension.min,
};

const AGGREGATES: readonly GaugeAggregate[] = ['sum', 'liveSum', 'max', 'liveMax', 'min', 'liveMin', 'last', 'liveLast', 'perProcess'];

/** GaugeOptions are the options of a Gauge. */
export interface GaugeOptions<L extends string> extends MetricOptions<L> {
  /**
   * The value a series starts from when it is first created in Redis. A series
   * that exists already (made by another process) keeps its value.
   * @default 0
   */
  startValue?: number;
  /**
   * How the values of several processes make one (see GaugeAggregate).
   * In-progress gauges (`@gauge.track`, `tracked`) want `'liveSum'`, so that
   * a process that crashes never leaves them raised.
   * @default 'sum'
   */
  aggregate?: GaugeAggregate;
}

/** BoundGauge is a gauge series bound to one label set by `Gauge.labels`. */
export interface BoundGauge {
  /** inc adds `value` (default 1). */
  inc(value?: number): void;
  /** dec subtracts `value` (default 1). */
  dec(value?: number): void;
  /** set replaces the value. */
  set(value: number): void;
}

/**
 * Gauge is a value that goes up and down. With the default aggregation
 * (`'sum'`), `inc` and `dec` are summed across processes and `set` replaces
 * the shared value (the last write wins); the `aggregate` option chooses
 * another way, per process (see GaugeAggregate).
 *
 * @example
 * const queued = new Gauge({ name: 'jobs_queued', description: 'Jobs waiting', allowedLabels: ['queue'] });
 * queued.inc({ queue: 'mail' });
 * queued.set(12, { queue: 'mail' });
 */
export class Gauge<const L extends string = never> extends Metric<L, GaugeSeriesState> {
  readonly type = 'gauge' as const;

  /**
   * count is a method decorator that adds 1 to this gauge per call, when the
   * call returns, throws, or the promise it returns settles; bare
   * (`@gauge.count`) or with options (`@gauge.count({ labels })`).
   *
   * @example
   * class Cache {
   *   @entriesAdded.count
   *   add(key: string, value: unknown) { … }
   * }
   */
  readonly count: CountDecorator<L> = countDecorator<L>(this);

  /**
   * track is a method decorator that counts calls in progress: it adds 1
   * when a call starts and subtracts 1 when it returns, throws, or its
   * promise settles; bare (`@inFlight.track`) or with options
   * (`@inFlight.track({ labels: { queue: 'mail' } })`).
   *
   * @example
   * class Worker {
   *   @jobsRunning.track
   *   async run(job: Job) { … }
   * }
   */
  readonly track: TrackDecorator<L> = trackDecorator<L>(this);
  /** The value a series starts from when first created in Redis. */
  readonly startValue: number;
  /** How the values of several processes make one. */
  readonly aggregate: GaugeAggregate;
  /** @internal */
  override readonly _perProcess: boolean;
  /** True in every mode but `'sum'`: the process keeps and writes its own value. */
  private readonly absolute: boolean;

  constructor(options: GaugeOptions<L>) {
    super(options);
    const start = options.startValue ?? 0;
    this.startValue = this.checkNumber(start, 'startValue');
    const aggregate = options.aggregate ?? 'sum';
    if (!AGGREGATES.includes(aggregate)) {
      throw new TypeError(`gauge "${options.name}": aggregate must be one of ${AGGREGATES.join(', ')}, got ${JSON.stringify(aggregate)}`);
    }
    this.aggregate = aggregate;
    this._perProcess = aggregate === 'perProcess';
    this.absolute = aggregate !== 'sum';
  }

  /**
   * inc adds `value` (default 1) to the series of `labels`; the labels may come
   * first, as in prom-client: `inc({ queue: 'mail' }, 2)`. Throws a
   * RangeError when the value is not finite.
   */
  inc(labels?: LabelValues<L>, value?: number): void;
  inc(value?: number, labels?: LabelValues<L>): void;
  inc(first?: number | LabelValues<L>, second?: number | LabelValues<L>): void {
    const [value, labels] = valueAndLabels<L>(first, second);
    this.add(this.series(labels), value === undefined ? 1 : this.checkNumber(value, 'value'));
  }

  /**
   * dec subtracts `value` (default 1) from the series of `labels`; the labels
   * may come first. Throws a RangeError when the value is not finite.
   */
  dec(labels?: LabelValues<L>, value?: number): void;
  dec(value?: number, labels?: LabelValues<L>): void;
  dec(first?: number | LabelValues<L>, second?: number | LabelValues<L>): void {
    const [value, labels] = valueAndLabels<L>(first, second);
    this.add(this.series(labels), value === undefined ? -1 : -this.checkNumber(value, 'value'));
  }

  /**
   * set replaces the value of the series of `labels`; the labels may come
   * first, as in prom-client: `set({ queue: 'mail' }, 7)`. `+Infinity` and
   * `-Infinity` are values a Prometheus gauge may have; NaN and anything that
   * is not a number throw (RangeError, TypeError).
   */
  set(labels: LabelValues<L>, value: number): void;
  set(value: number, labels?: LabelValues<L>): void;
  set(first: number | LabelValues<L>, second?: number | LabelValues<L>): void {
    const [value, labels] = valueAndLabels<L>(first, second);
    this.put(this.series(labels), this.checkSetValue(value));
  }

  /** labels returns the series of one label set, bound, for hot paths. */
  labels(labels: LabelValues<L>): BoundGauge {
    const s = this.series(labels, true); // kept even while the buffer is full: the binding outlives an outage
    return {
      inc: (value = 1) => this.add(s, this.checkNumber(value, 'value')),
      dec: (value = 1) => this.add(s, -this.checkNumber(value, 'value')),
      set: (value) => this.put(s, this.checkSetValue(value)),
    };
  }

  /** checkSetValue returns a value `set` may write: any number but NaN, infinities included. */
  private checkSetValue(value: unknown): number {
    if (typeof value === 'number' && !Number.isNaN(value)) return value;
    const err = typeof value === 'number' ? RangeError : TypeError;
    throw new err(`gauge "${this.name}": value must be a number (±Infinity allowed, NaN not), got ${describe(value)}`);
  }

  private add(s: GaugeSeriesState, by: number): void {
    if (this.absolute) s.current += by;
    else s.value += by;
    if (!s.dirty) this.markDirty(s);
  }

  private put(s: GaugeSeriesState, value: number): void {
    if (this.absolute) s.current = value;
    else {
      s.value = value;
      s.isSet = true;
    }
    if (!s.dirty) this.markDirty(s);
  }

  /** @internal */
  protected createSeries(key: string): GaugeSeriesState {
    const s = new GaugeSeriesState(key);
    s.current = this.startValue;
    return s;
  }

  /** @internal Every mode but `'sum'` writes whole values, so each series can be written again. */
  override _rewrite(): void {
    if (!this.absolute) return;
    this.eachSeries((s) => {
      if (!s.dirty) this.markDirty(s);
    });
  }

  /** @internal A per-process gauge removes this process's value; the others, the shared field. */
  protected removeFields(s: GaugeSeriesState, writes: BatchBuilder): void {
    if (this.absolute && this.aggregate !== 'last') writes.removeProcess(s.processField ?? this.processField(s));
    else writes.remove(this.fieldOf(Extension.value, s));
  }

  /** @internal */
  _drain(writes: BatchBuilder, dirty: GaugeSeriesState[] = this.takeDirty()): void {
    if (this.absolute) return this.drainAbsolute(writes, dirty);
    for (const s of dirty) {
      if (s.isSet) {
        writes.set(this.fieldOf(Extension.value, s), s.value, s);
      } else {
        if (!s.created) writes.setIfAbsent(this.fieldOf(Extension.value, s), this.startValue, s);
        if (s.value !== 0) writes.incr(this.fieldOf(Extension.value, s), s.value, s);
      }
      s.value = 0;
      s.isSet = false;
      s.created = true;
      s.dirty = false;
    }
  }

  /** drainAbsolute writes this process's own value of each dirty series: to the shared field (`'last'`) or to its process hash. */
  private drainAbsolute(writes: BatchBuilder, dirty: GaugeSeriesState[]): void {
    const mode = this.aggregate;
    for (const s of dirty) {
      if (mode === 'last') writes.set(this.fieldOf(Extension.value, s), s.current, s);
      else {
        const field = (s.processField ??= this.processField(s));
        if (mode === 'liveLast') writes.setProcessStamped(field, s.current);
        else writes.setProcess(field, s.current);
      }
      s.created = true;
      s.dirty = false;
    }
  }

  /** processField is the field of a series in the process hash: for `'perProcess'`, with the process label among its labels. */
  private processField(s: GaugeSeriesState): string {
    let labelsText = this.labelsTextOf(s);
    if (this.aggregate === 'perProcess') {
      const [name, value] = this._owner?.processLabel ?? ['process', String(process.pid)];
      labelsText = encodeLabels([...this.labelPairsOf(s), [name, value]]);
    }
    return this.field(PROCESS_EXTENSION[this.aggregate]!, labelsText);
  }
}


metricOptionNames.set(Gauge, [...METRIC_OPTIONS, ...optionNames<Omit<GaugeOptions<string>, keyof MetricOptions<string>>>({ startValue: true, aggregate: true })]);
