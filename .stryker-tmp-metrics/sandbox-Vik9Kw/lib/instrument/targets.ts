// @ts-nocheck
import type { Counter } from '../metrics/Counter';
import type { Gauge } from '../metrics/Gauge';
import type { LabelValues, Metric } from '../metrics/Metric';

/** Countable is a metric that `count` adds 1 to per call: a Counter or a Gauge. */
export type Countable<L extends string> = Counter<L> | Gauge<L>;

/**
 * Observer is a metric that `time`, `timer` and `timed` observe durations
 * with: a Histogram (or one of its subclasses) or a Summary.
 */
export type Observer<L extends string> = Metric<L, any> & {
  readonly type: 'histogram' | 'summary';
  /** observe records one value in the series of `labels`. */
  observe(value: number, labels?: LabelValues<L>): void;
};

/** Bindable is the optional `labels` method of a metric: a series bound to one label set. */
export interface Bindable<L extends string, B> {
  labels?(labels: LabelValues<L>): B;
}
