import { formatNumber } from './number';
import { flatten } from '../util/flatten';
import { BatchOps, escapeOpValue, Op } from './ops';
import { ShardedParts } from './ShardedParts';
import type { ShardMemo } from './ShardedParts';

/** The most writes one batch carries (one script call); a larger flush is several batches in one round trip. */
export const OPS_PER_BATCH = 2000;

/**
 * The longest string of records a batch (or one shard's part of a batch)
 * grows to, in UTF-16 code units: it is sealed before it would reach V8's
 * large-object size (128 KiB; 60,000 code units stay below it in one- and
 * two-byte strings alike). A larger string costs several times more to make
 * and to collect: measured on batches of 2,000 records of about 100
 * characters, 0.6 to 1.2 µs a record against 0.12 µs below the limit.
 */
export const MAX_OPS_CHARS = 60_000;

/**
 * In a namespace of several shards, a batch carries up to OPS_PER_BATCH
 * writes for each shard (one script call per shard), and at most this many
 * times OPS_PER_BATCH in all, so that a flush of very many shards still
 * sends its first batch while it builds the next.
 */
export const SHARDED_BATCH_FACTOR = 16;

/**
 * BatchBuilder collects the writes of one flush into batches of op records,
 * as the flush script reads them (the records are defined in codec/ops):
 * integral increments go by HINCRBY, other increments by HINCRBYFLOAT, sets
 * by HSET, start values by HSETNX, removals by HDEL. Metrics drain their
 * pending updates into it; the registry's flusher sends each batch as soon
 * as it is sealed.
 *
 * For a namespace of several shards (docs/format.md, "Shards"), it builds
 * each batch as one part per shard, each record in the part of its field's
 * shard (codec/shard): the store sends each shard its part without parsing
 * the batch again.
 */
export class BatchBuilder {
  /** The batches sealed so far. */
  private readonly sealed: BatchOps[] = [];
  private current = '';
  private inCurrent = 0;
  private total = 0;
  /** With several shards: the parts of the batch being filled. */
  private readonly parts: ShardedParts | undefined;

  /**
   * @param onSeal is called with each batch as soon as it is full (and with the
   *   last one by `batches()`), so that it can be sent while the rest is built.
   * @param perBatch is the most records a batch holds (and MAX_OPS_CHARS).
   * @param shards is the number of shards of the namespace: with more than
   *   one, each batch is one part per shard, holding up to `perBatch` records
   *   (and MAX_OPS_CHARS), and the batch SHARDED_BATCH_FACTOR times
   *   `perBatch` records in all.
   */
  constructor(
    private readonly onSeal?: (batch: BatchOps) => void,
    private readonly perBatch = OPS_PER_BATCH,
    shards = 1,
  ) {
    if (shards > 1) this.parts = new ShardedParts(shards, perBatch, MAX_OPS_CHARS);
  }

  /** The number of writes collected. */
  get length(): number {
    return this.total;
  }

  /**
   * incr adds `by` to `field`. `series`, when given, is the series the field
   * belongs to, whose memo spares hashing the field for its shard (see
   * ShardMemo); so are the other writes' `series`.
   */
  incr(field: string, by: number, series?: ShardMemo): void {
    if (Number.isSafeInteger(by)) this.add(Op.addInteger, field, String(by), series);
    else this.add(Op.addFloat, field, formatNumber(by), series);
  }

  /** set writes `value` to `field`. */
  set(field: string, value: string | number, series?: ShardMemo): void {
    this.add(Op.set, field, typeof value === 'number' ? formatNumber(value) : escapeOpValue(value), series);
  }

  /** setIfAbsent writes `value` to `field` unless the field exists. */
  setIfAbsent(field: string, value: string | number, series?: ShardMemo): void {
    this.add(Op.setIfAbsent, field, typeof value === 'number' ? formatNumber(value) : escapeOpValue(value), series);
  }

  /** remove deletes `field`. */
  remove(field: string): void {
    this.add(Op.remove, field, '');
  }

  /** setProcess writes `value` to `field` of the writer's process hash. */
  setProcess(field: string, value: number): void {
    this.add(Op.setProcess, field, formatNumber(value));
  }

  /** setProcessStamped writes `value` and the Redis time to `field` of the writer's process hash. */
  setProcessStamped(field: string, value: number): void {
    this.add(Op.setProcessStamped, field, formatNumber(value));
  }

  /** removeProcess deletes `field` of the writer's process hash. */
  removeProcess(field: string): void {
    this.add(Op.removeProcess, field, '');
  }

  /** batches seals the batch being filled and returns every batch, in order. */
  batches(): BatchOps[] {
    if (this.inCurrent > 0) this.seal();
    return this.sealed;
  }

  private add(op: string, field: string, value: string, series?: ShardMemo): void {
    this.total++;
    this.inCurrent++;
    const parts = this.parts;
    if (parts === undefined) {
      const current = (this.current += op + field + '\n' + value + '\n');
      if (this.inCurrent === this.perBatch || current.length >= MAX_OPS_CHARS) this.seal();
    } else if (parts.add(op + field + '\n' + value + '\n', field, series) || this.inCurrent === this.perBatch * SHARDED_BATCH_FACTOR) {
      this.seal();
    }
  }

  private seal(): void {
    // one flat string: the pieces of a batch (about five per write) would otherwise live as long as the batch
    const batch = this.parts === undefined ? flatten(this.current) : this.parts.seal();
    this.sealed.push(batch);
    this.current = '';
    this.inCurrent = 0;
    this.onSeal?.(batch);
  }
}
