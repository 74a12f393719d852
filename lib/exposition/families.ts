import type { MetricType } from '../codec/field';

/** Label pairs of a series, in field order (sorted by name). */
export type Labels = ReadonlyArray<readonly [string, string]>;

/** A counter, gauge or untyped series: one value. */
export interface ValueSeries {
  readonly labels: Labels;
  readonly value: number;
}

/** A histogram series: cumulative buckets in increasing order, the last `+Inf`. */
export interface HistogramSeries {
  readonly labels: Labels;
  readonly buckets: ReadonlyArray<readonly [le: number, count: number]>;
  readonly sum: number;
  readonly count: number;
}

/** A summary series: quantiles in increasing order. */
export interface SummarySeries {
  readonly labels: Labels;
  readonly quantiles: ReadonlyArray<readonly [quantile: number, value: number]>;
  readonly sum: number;
  readonly count: number;
}

/** A metric family as read from a namespace: every series of one metric name. */
export type MetricFamily =
  | { readonly name: string; readonly help: string; readonly type: 'counter' | 'gauge' | 'untyped'; readonly series: readonly ValueSeries[] }
  | { readonly name: string; readonly help: string; readonly type: 'histogram'; readonly series: readonly HistogramSeries[] }
  | { readonly name: string; readonly help: string; readonly type: 'summary'; readonly series: readonly SummarySeries[] };

/** The type of a family as rendered: a metric type, or `untyped` when no type field was found. */
export type FamilyType = MetricType | 'untyped';
