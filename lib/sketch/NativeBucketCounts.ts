import type { BatchBuilder } from '../codec/BatchBuilder';
import type { ShardMemo } from '../codec/ShardedParts';
import type { LabelPairs } from '../codec/labels';
import { BucketSign, nativeBucketField, nativeZeroField } from './nativeFields';
import { MIN_SCHEMA, nativeIndex, reduceIndex } from './nativeMapping';
import { flatten } from '../util/flatten';

/** The native buckets of a histogram, as configured: its first schema, its bucket limit and its zero threshold. */
export interface NativeLayout {
  /** The schema a series starts at. */
  readonly schema: number;
  /** The most buckets (positive and negative together) a series populates before it lowers its schema. */
  readonly maxBuckets: number;
  /** Values whose absolute value is at most this count in the zero bucket. */
  readonly zeroThreshold: number;
}

/** One bucket a process has populated: its observations since the last flush, and its field once made. */
interface Bucket {
  pending: number;
  field: string | undefined;
}

/**
 * NativeBucketCounts are the native buckets one process keeps for one
 * histogram series: the observations of each populated bucket (and of the
 * zero bucket) since the last flush, added to the namespace by `drain`.
 *
 * The bucket limit: when a new bucket makes the buckets this process has
 * populated more than `maxBuckets`, it lowers its schema by one (merging
 * buckets two by two, see reduceIndex), as often as needed and down to
 * MIN_SCHEMA, and counts at the lower schema from then on. What it wrote
 * before stays in the fields of the higher schema; readers bring every field
 * to the lowest schema among them, so nothing is lost or counted twice.
 */
export class NativeBucketCounts {
  schema: number;
  private zeroPending = 0;
  /** The field of the zero count at the current schema, once written. */
  private zeroField: string | undefined;
  private positive = new Map<number, Bucket>();
  private negative = new Map<number, Bucket>();

  constructor(
    private readonly layout: NativeLayout,
    private readonly name: string,
    private readonly pairs: LabelPairs,
  ) {
    this.schema = layout.schema;
  }

  /** observe counts one finite value. */
  observe(v: number): void {
    const a = v < 0 ? -v : v;
    if (a <= this.layout.zeroThreshold) {
      this.zeroPending++;
      return;
    }
    const buckets = v > 0 ? this.positive : this.negative;
    const index = nativeIndex(this.schema, a);
    const b = buckets.get(index);
    if (b !== undefined) b.pending++;
    else this.populate(buckets, index);
  }

  /** The number of buckets this process has populated at the current schema, positive and negative. */
  get populated(): number {
    return this.positive.size + this.negative.size;
  }

  private populate(buckets: Map<number, Bucket>, index: number): void {
    buckets.set(index, { pending: 1, field: undefined });
    while (this.populated > this.layout.maxBuckets && this.schema > MIN_SCHEMA) {
      this.schema--;
      this.positive = halve(this.positive);
      this.negative = halve(this.negative);
      this.zeroField = undefined;
    }
  }

  /**
   * drain adds the observations since the last drain to `writes`: one
   * increment per bucket that has some, and the zero count when it has some
   * or its field has not been written at the current schema (so that a
   * series' native buckets show, with their schema, before any observation).
   * `series` is the series the buckets belong to (see ShardMemo).
   */
  drain(writes: BatchBuilder, series?: ShardMemo): void {
    if (this.zeroPending !== 0 || this.zeroField === undefined) {
      this.zeroField ??= flatten(nativeZeroField(this.name, this.pairs, this.schema, this.layout.zeroThreshold));
      writes.incr(this.zeroField, this.zeroPending, series);
      this.zeroPending = 0;
    }
    this.drainSide(writes, this.positive, 1, series);
    this.drainSide(writes, this.negative, -1, series);
  }

  private drainSide(writes: BatchBuilder, buckets: Map<number, Bucket>, sign: BucketSign, series?: ShardMemo): void {
    for (const [index, b] of buckets) {
      if (b.pending === 0) continue;
      b.field ??= flatten(nativeBucketField(this.name, this.pairs, sign, this.schema, index)); // kept: one flat string, not a tree of pieces
      writes.incr(b.field, b.pending, series);
      b.pending = 0;
    }
  }
}

/** halve maps buckets to the schema one lower: bucket `i` goes into `ceil(i / 2)`, pending counts added. */
function halve(buckets: Map<number, Bucket>): Map<number, Bucket> {
  const out = new Map<number, Bucket>();
  for (const [index, b] of buckets) {
    const to = reduceIndex(index, 1);
    const c = out.get(to);
    if (c === undefined) out.set(to, { pending: b.pending, field: undefined });
    else c.pending += b.pending;
  }
  return out;
}
