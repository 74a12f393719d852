import { Extension } from '../codec/field';
import type { BatchBuilder } from '../codec/BatchBuilder';
import { CountDecorator, countDecorator } from '../instrument/count';
import { LabelValues, Metric, METRIC_OPTIONS, metricOptionNames, valueAndLabels, MetricOptions, ValueSeriesState } from './Metric';

/** The state of one counter series: the increase since the last flush. */
class CounterSeriesState extends ValueSeriesState {
  /** The increase since the last flush. */
  delta = 0;
}

/** CounterOptions are the options of a Counter. */
export type CounterOptions<L extends string> = MetricOptions<L>;

/** BoundCounter is a counter series bound to one label set by `Counter.labels`. */
export interface BoundCounter {
  /** inc adds `value` (default 1) to the series; throws a RangeError when it is negative or not finite. */
  inc(value?: number): void;
}

/**
 * Counter is a value that only goes up, summed across every process that
 * records it.
 *
 * @example
 * const requests = new Counter({ name: 'http_requests_total', description: 'HTTP requests', allowedLabels: ['method'] });
 * requests.inc({ method: 'GET' });
 */
export class Counter<const L extends string = never> extends Metric<L, CounterSeriesState> {
  readonly type = 'counter' as const;

  /**
   * count is a method decorator that adds 1 to this counter per call, when
   * the call returns, throws, or the promise it returns settles. Use it bare,
   * `@requests.count`, or with options, `@requests.count({ labels: { route: 'place' } })`;
   * see the `count` function for the options and errors.
   *
   * @example
   * class OrderService {
   *   @ordersPlaced.count
   *   async place(order: Order) { … }
   * }
   */
  readonly count: CountDecorator<L> = countDecorator<L>(this);

  constructor(options: CounterOptions<L>) {
    super(options);
  }

  /**
   * inc adds `value` (default 1) to the series of `labels`. The labels may
   * come first, as in prom-client: `inc({ method: 'GET' }, 5)`. It throws a
   * RangeError when the value is negative or not finite, and a TypeError when a
   * label is not allowed.
   */
  inc(labels?: LabelValues<L>, value?: number): void;
  inc(value?: number, labels?: LabelValues<L>): void;
  inc(first?: number | LabelValues<L>, second?: number | LabelValues<L>): void {
    const [given, labels] = valueAndLabels<L>(first, second);
    const value = given === undefined ? 1 : this.checkNumber(given, 'increment', 0);
    const s = this.series(labels);
    s.delta += value;
    if (!s.dirty) this.markDirty(s);
  }

  /**
   * labels returns the series of one label set, bound: its `inc` skips label
   * checks and lookups, for hot paths. Throws like `inc` for bad labels.
   */
  labels(labels: LabelValues<L>): BoundCounter {
    const s = this.series(labels, true); // kept even while the buffer is full: the binding outlives an outage
    return {
      inc: (value = 1) => {
        s.delta += this.checkNumber(value, 'increment', 0);
        if (!s.dirty) this.markDirty(s);
      },
    };
  }

  /** @internal */
  protected createSeries(key: string): CounterSeriesState {
    return new CounterSeriesState(key);
  }

  /** @internal */
  protected removeFields(s: CounterSeriesState, writes: BatchBuilder): void {
    writes.remove(this.fieldOf(Extension.value, s));
  }

  /** @internal */
  _drain(writes: BatchBuilder, dirty: CounterSeriesState[] = this.takeDirty()): void {
    for (const s of dirty) {
      if (s.delta !== 0 || !s.created) writes.incr(this.fieldOf(Extension.value, s), s.delta, s);
      s.delta = 0;
      s.created = true;
      s.dirty = false;
    }
  }
}


metricOptionNames.set(Counter, METRIC_OPTIONS);
