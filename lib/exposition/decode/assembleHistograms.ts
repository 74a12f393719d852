import { Extension } from '../../codec/field';
import { encodeLabels } from '../../codec/labels';
import { parseNumber } from '../../codec/number';
import { HistogramSeries, sortByLabels } from '../families';
import { isNativeExtension, NativeAssembler } from './assembleNative';
import type { RawSample, Skip } from './samples';

/** The buckets and totals of one series, as read. */
interface SeriesAcc {
  readonly labels: Array<[string, string]>;
  readonly buckets: Map<number, number>;
  sum: number | undefined;
  count: number | undefined;
}

/**
 * assembleHistograms turns the raw samples of one histogram family into its
 * series, sorted by labels: bucket fields (`b`, with an `le` label) grouped by
 * the labels without `le`, with `_sum` and `_count`. Every series lists every
 * bound of the family, in increasing order: a bound a series lacks takes the
 * count of the bucket below it, a missing `+Inf` bucket takes the count. Pure;
 * samples it cannot use are reported through `skip`.
 *
 * @example
 * const series = assembleHistograms(samples, (s, reason) => console.warn(s.field, reason));
 */
export function assembleHistograms(samples: readonly RawSample[], skip: Skip): HistogramSeries[] {
  const bySeries = new Map<string, SeriesAcc>();
  const bounds = new Set<number>();
  const native = new NativeAssembler(skip);
  const acc = (labels: Array<[string, string]>): SeriesAcc => {
    const key = encodeLabels(labels);
    let a = bySeries.get(key);
    if (a === undefined) bySeries.set(key, (a = { labels, buckets: new Map(), sum: undefined, count: undefined }));
    return a;
  };
  for (const s of samples) {
    if (s.extension === Extension.bucket) {
      const i = s.labels.findIndex((p) => p[0] === 'le');
      const le = i < 0 ? undefined : parseNumber(s.labels[i][1]);
      if (le === undefined || Number.isNaN(le)) {
        skip(s, 'a bucket field needs an "le" label that is a number');
        continue;
      }
      bounds.add(le);
      acc(s.labels.filter((_, j) => j !== i)).buckets.set(le, s.value);
    } else if (s.extension === Extension.sum) {
      acc(s.labels).sum = s.value;
    } else if (s.extension === Extension.count) {
      acc(s.labels).count = s.value;
    } else if (isNativeExtension(s.extension)) {
      const labels = native.add(s);
      if (labels !== undefined) acc(labels);
    } else {
      skip(s, `extension "${s.extension}" does not belong to a histogram`);
    }
  }
  bounds.add(Infinity);
  const les = [...bounds].sort((a, b) => a - b);
  const out: HistogramSeries[] = [];
  for (const a of bySeries.values()) {
    const buckets: Array<[number, number]> = [];
    let running = 0;
    for (const le of les) {
      const v = a.buckets.get(le);
      if (v !== undefined) running = v;
      else if (le === Infinity && a.count !== undefined) running = Math.max(running, a.count);
      buckets.push([le, running]);
    }
    const series: HistogramSeries = { labels: a.labels, buckets, sum: a.sum ?? 0, count: a.count ?? running };
    const nativeBuckets = native.merged(encodeLabels(a.labels));
    out.push(nativeBuckets === undefined ? series : { ...series, native: nativeBuckets });
  }
  return sortByLabels(out);
}
