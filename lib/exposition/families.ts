import type { MetricType } from '../codec/field';
import { encodeLabels } from '../codec/labels';
import type { Steps } from '../util/slices';
import { ITEMS_PER_STEP } from '../util/slices';
import { byCodePoint } from '../util/byCodePoint';

/** Label pairs of a series, in field order (sorted by name). */
export type Labels = ReadonlyArray<readonly [string, string]>;

/** A counter, gauge or untyped series: one value. */
export interface ValueSeries {
  readonly labels: Labels;
  readonly value: number;
}

/** A histogram series: cumulative buckets in increasing order, the last `+Inf`, and the native buckets when it has them. */
export interface HistogramSeries {
  readonly labels: Labels;
  readonly buckets: ReadonlyArray<readonly [le: number, count: number]>;
  readonly sum: number;
  readonly count: number;
  readonly native?: NativeBuckets;
}

/**
 * The native (exponential) buckets of a histogram series, at one schema:
 * bucket `i` holds the observations in `(base^(i-1), base^i]` (positive) or
 * `[-base^i, -base^(i-1))` (negative), `base = 2^(2^-schema)`; the zero
 * bucket those in `[-zeroThreshold, zeroThreshold]`. Only populated buckets
 * are listed, in increasing order of index.
 */
export interface NativeBuckets {
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly zeroCount: number;
  readonly positive: ReadonlyArray<readonly [index: number, count: number]>;
  readonly negative: ReadonlyArray<readonly [index: number, count: number]>;
}

/** A summary series: quantiles in increasing order. */
export interface SummarySeries {
  readonly labels: Labels;
  readonly quantiles: ReadonlyArray<readonly [quantile: number, value: number]>;
  readonly sum: number;
  readonly count: number;
}

/**
 * A label pair that every series of a family has besides its own `labels`:
 * the renderers write it in name order among them. No series of the family
 * has a label of that name itself.
 */
export type CommonLabel = readonly [name: string, value: string];

/**
 * A metric family as read from a namespace: every series of one metric name.
 * `commonLabel`, when set, is a label of every series that the series do not
 * list (a server's merge of several namespaces sets the namespace label so,
 * rather than copy every series).
 */
export type MetricFamily =
  | { readonly name: string; readonly help: string; readonly type: 'counter' | 'gauge' | 'untyped'; readonly series: readonly ValueSeries[]; readonly commonLabel?: CommonLabel }
  | { readonly name: string; readonly help: string; readonly type: 'histogram'; readonly series: readonly HistogramSeries[]; readonly commonLabel?: CommonLabel }
  | { readonly name: string; readonly help: string; readonly type: 'summary'; readonly series: readonly SummarySeries[]; readonly commonLabel?: CommonLabel };

/** The type of a family as rendered: a metric type, or `untyped` when no type field was found. */
export type FamilyType = MetricType | 'untyped';

/**
 * sortByLabels returns the series sorted by their labels part as encodeLabels
 * writes it: the order in which a family lists its series, so that the output
 * is the same from scrape to scrape.
 */
export function sortByLabels<T extends { readonly labels: Labels }>(series: readonly T[]): T[] {
  return sortByKey(series.map((s) => [encodeLabels(s.labels), s] as const));
}

/**
 * @internal sortByLabelsSteps is `sortByLabels` as steps (see slices.ts): it
 * encodes the labels a few hundred series at a time, and sorts only when the
 * series are not in order already (the common case of a family whose series
 * all have the same label names, merged from one namespace).
 */
export function* sortByLabelsSteps<T extends { readonly labels: Labels }>(series: readonly T[]): Steps<T[]> {
  // while the series are in order only the last key is kept, so that the keys die young
  let last = '';
  let i = 0;
  for (; i < series.length; i++) {
    const key = encodeLabels(series[i].labels);
    if (i > 0 && byCodePoint(last, key) > 0) break;
    last = key;
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  if (i === series.length) return series.slice();
  const keyed: Array<readonly [string, T]> = new Array(series.length);
  for (let k = 0; k < series.length; k++) {
    keyed[k] = [encodeLabels(series[k].labels), series[k]];
    if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  yield;
  return sortByKey(keyed);
}

/** @internal sortByKey sorts items by a key given with each (as the first element of each pair), by code point; it sorts `keyed` in place. */
export function sortByKey<T>(keyed: Array<readonly [string, T]>): T[] {
  keyed.sort((a, b) => byCodePoint(a[0], b[0]));
  const out: T[] = new Array(keyed.length);
  for (let i = 0; i < keyed.length; i++) out[i] = keyed[i][1];
  return out;
}

/**
 * namesTaken lists every name a family of `type` named `name` takes in the
 * output of either format, with the suffixes the formats reserve for its
 * type (docs/format.md, "Name collisions"): a counter `N` takes its
 * OpenMetrics name `B` (`N` without `_total`), `B_total` and `B_created`
 * besides `N`; a histogram `N`, `N_bucket`, `N_count`, `N_sum` and
 * `N_created`; a summary `N`, `N_count`, `N_sum` and `N_created`; a gauge or
 * untyped family `N` alone. Two families that take one name cannot both be
 * rendered: OpenMetrics parsers reject the scrape.
 */
export function namesTaken(name: string, type: FamilyType): string[] {
  switch (type) {
    case 'counter': {
      const base = name.endsWith('_total') ? name.slice(0, -'_total'.length) : name;
      return [name, base, base + '_total', base + '_created'];
    }
    case 'histogram':
      return [name, name + '_bucket', name + '_count', name + '_sum', name + '_created'];
    case 'summary':
      return [name, name + '_count', name + '_sum', name + '_created'];
    default:
      return [name];
  }
}
