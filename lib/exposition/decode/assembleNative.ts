import { isCellExtension } from '../../sketch/fields';
import { readNativeLabels } from '../../sketch/nativeFields';
import { reduceIndex, upperBound } from '../../sketch/nativeMapping';
import type { NativeBuckets } from '../families';
import { Assembly, RawSample, seriesKey, seriesLabels } from './samples';
import { isCount } from './sumAndCount';

/** One series' native fields as read: every bucket and zero count, at the schema each was written at. */
interface NativeAcc {
  readonly buckets: Array<{ sign: 1 | -1; schema: number; index: number; count: number }>;
  readonly zeros: Array<{ threshold: number; count: number }>;
  schema: number;
}

/** isNativeExtension tells whether a histogram field of this extension is a native one: `p`, `n` or `z`. */
export const isNativeExtension = isCellExtension;

/**
 * NativeAssembler gathers the native fields of one histogram family (`p`,
 * `n`, `z`, see sketch/nativeFields) by series, and merges each series'
 * fields into its native buckets, as docs/format.md ("Native histograms")
 * says:
 *
 * - the schema is the lowest among the series' fields, and every bucket is
 *   brought to it (bucket `i` of schema `s` is bucket `ceil(i / 2^(s - lowest))`),
 *   counts of the same bucket added: exactly the buckets one process
 *   observing every value at that schema would have;
 * - the zero threshold is the largest among the zero counts, the zero count
 *   their sum, and buckets whose upper bound is at most that threshold count
 *   in the zero bucket too (only when writers used different thresholds);
 * - buckets with no count are left out.
 *
 * Fields that break the rules are skipped through `out.skip` (`invalid-cell`,
 * `invalid-native-label`, `invalid-cell-value`). Counts are whole numbers,
 * so the order of the fields does not change the sums. Pure; the work is
 * linear in the number of fields, but for sorting the buckets of a series.
 */
export class NativeAssembler {
  private readonly bySeries = new Map<string, NativeAcc>();

  constructor(private readonly out: Assembly) {}

  /** add takes one native field; false when it was skipped. */
  add(s: RawSample): boolean {
    const read = readNativeLabels(s.extension, s.labels);
    if (typeof read === 'string') {
      this.out.skip(s, read);
      return false;
    }
    if (!isCount(s.value)) {
      this.out.skip(s, 'invalid-cell-value');
      return false;
    }
    const key = seriesKey(s, seriesLabels(s));
    let a = this.bySeries.get(key);
    if (a === undefined) this.bySeries.set(key, (a = { buckets: [], zeros: [], schema: read.schema }));
    if (read.schema < a.schema) a.schema = read.schema;
    if (read.sign === 0) a.zeros.push({ threshold: read.zeroThreshold, count: s.value });
    else a.buckets.push({ sign: read.sign, schema: read.schema, index: read.index, count: s.value });
    return true;
  }

  /** merged returns the native buckets of the series of labels key `key`, or undefined when it has no native fields. */
  merged(key: string): NativeBuckets | undefined {
    const a = this.bySeries.get(key);
    if (a === undefined) return undefined;
    const schema = a.schema;
    let zeroThreshold = 0;
    let zeroCount = 0;
    for (const z of a.zeros) {
      if (z.threshold > zeroThreshold) zeroThreshold = z.threshold;
      zeroCount += z.count;
    }
    const sides = { 1: new Map<number, number>(), [-1]: new Map<number, number>() };
    for (const b of a.buckets) {
      if (b.count === 0) continue;
      const index = reduceIndex(b.index, b.schema - schema);
      if (zeroThreshold > 0 && upperBound(schema, index) <= zeroThreshold) {
        zeroCount += b.count;
        continue;
      }
      const side = sides[b.sign];
      side.set(index, (side.get(index) ?? 0) + b.count);
    }
    const sorted = (m: Map<number, number>) => [...m].sort((x, y) => x[0] - y[0]);
    return { schema, zeroThreshold, zeroCount, positive: sorted(sides[1]), negative: sorted(sides[-1]) };
  }
}
