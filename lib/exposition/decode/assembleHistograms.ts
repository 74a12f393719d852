import { parseNumber } from '../../codec/number';
import { byCodePoint } from '../../util/byCodePoint';
import type { HistogramSeries, Labels } from '../families';
import { isNativeExtension, NativeAssembler } from './assembleNative';
import { Assembly, label, RawSample, seriesKey, seriesLabels } from './samples';
import { addSumOrCount, isCount } from './sumAndCount';

/** One bucket of a series: its value, and the fields added into it. */
interface Bucket {
  value: number;
  readonly first: RawSample;
  more: RawSample[] | undefined;
}

/** The buckets and totals of one series, as read. */
interface SeriesAcc {
  readonly labels: Labels;
  /** Finite bound to the bucket's value and the fields added into it (the first, and any more). */
  readonly bounds: Map<number, Bucket>;
  inf: number | undefined;
  sum: number | undefined;
  count: number | undefined;
}

/**
 * assembleHistograms turns the `b`, `s`, `c` fields of one histogram family,
 * and its native `p`, `n`, `z` fields (merged by NativeAssembler), into its series, sorted by labels key, as docs/format.md
 * ("Histograms") says. Each series is rendered with its own buckets only:
 * the bounds of its own `b` fields (bounds spelled differently but equal as
 * numbers are one bucket, their values added), at most `maxBuckets` of them
 * (the lowest; the fields of the others are skipped, `too-many-buckets`),
 * each bucket at least the one before it, then `+Inf`: the `+Inf` fields, or
 * the count, or the highest bucket, and never below it. `_count` equals the
 * `+Inf` bucket. The work is linear in the fields (sorting aside), whatever
 * bounds the series use. Pure.
 *
 * @example
 * const out = { skip: (s, reason) => console.warn(s.field, reason), used: [], merged: false };
 * const series = assembleHistograms(samples, 10_000, out);
 */
export function assembleHistograms(samples: readonly RawSample[], maxBuckets: number, out: Assembly): HistogramSeries[] {
  const bySeries = new Map<string, SeriesAcc>();
  const native = new NativeAssembler(out);
  const acc = (s: RawSample): SeriesAcc => {
    const labels = seriesLabels(s);
    const key = seriesKey(s, labels);
    let a = bySeries.get(key);
    if (a === undefined) bySeries.set(key, (a = { labels, bounds: new Map(), inf: undefined, sum: undefined, count: undefined }));
    return a;
  };
  for (const s of samples) {
    if (s.extension === 'b') {
      const le = label(s, 'le');
      const bound = le === undefined ? undefined : parseNumber(le);
      if (bound === undefined || Number.isNaN(bound) || bound === -Infinity) {
        out.skip(s, 'invalid-bucket-bound');
        continue;
      }
      if (!isCount(s.value)) {
        out.skip(s, 'invalid-bucket-value');
        continue;
      }
      const a = acc(s);
      if (bound === Infinity) {
        if (a.inf !== undefined) out.merged = true;
        a.inf = (a.inf ?? 0) + s.value;
        out.used?.push(s);
      } else {
        const b = bound + 0; // -0 is the bound 0
        const bucket = a.bounds.get(b);
        if (bucket === undefined) {
          a.bounds.set(b, { value: 0 + s.value, first: s, more: undefined });
        } else {
          bucket.value += s.value;
          (bucket.more ??= []).push(s);
          out.merged = true;
        }
      }
    } else if (isNativeExtension(s.extension)) {
      if (native.add(s)) {
        acc(s);
        out.used?.push(s);
      }
    } else if (addSumOrCount(s, acc, out)) {
      out.used?.push(s);
    }
  }
  const keys = [...bySeries.keys()].sort(byCodePoint);
  const series: HistogramSeries[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const a = bySeries.get(keys[i])!;
    let bounds = [...a.bounds.keys()].sort((x, y) => x - y);
    if (bounds.length > maxBuckets) {
      for (let j = maxBuckets; j < bounds.length; j++) for (const s of fieldsOf(a.bounds.get(bounds[j])!)) out.skip(s, 'too-many-buckets');
      bounds = bounds.slice(0, maxBuckets);
    }
    const buckets: Array<readonly [number, number]> = new Array(bounds.length + 1);
    let running = 0;
    for (let j = 0; j < bounds.length; j++) {
      const bucket = a.bounds.get(bounds[j])!;
      if (out.used !== undefined) out.used.push(...fieldsOf(bucket));
      if (bucket.value > running) running = bucket.value;
      buckets[j] = [bounds[j], running];
    }
    const inf = Math.max(a.inf ?? a.count ?? running, running);
    buckets[bounds.length] = [Infinity, inf];
    const nativeBuckets = native.merged(keys[i]);
    series[i] = nativeBuckets === undefined
      ? { labels: a.labels, buckets, sum: a.sum ?? 0, count: inf }
      : { labels: a.labels, buckets, sum: a.sum ?? 0, count: inf, native: nativeBuckets };
  }
  return series;
}

/** fieldsOf lists the fields added into a bucket. */
function fieldsOf(bucket: Bucket): RawSample[] {
  return bucket.more === undefined ? [bucket.first] : [bucket.first, ...bucket.more];
}
