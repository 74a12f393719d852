import { formatNumber } from './number';
import { flatten } from '../util/flatten';
import { BatchOps, escapeOpValue, Op } from './ops';
import { MAX_SHARDS, shardOf } from './shard';

/** The most writes one batch carries (one script call); a larger flush is several batches in one round trip. */
export const OPS_PER_BATCH = 2000;

/**
 * In a namespace of several shards, a batch carries up to OPS_PER_BATCH
 * writes for each shard (one script call per shard), and at most this many
 * times OPS_PER_BATCH in all, so that a flush of very many shards still
 * sends its first batch while it builds the next.
 */
export const SHARDED_BATCH_FACTOR = 16;

/**
 * The longest string of records a batch (or one shard's part of a batch)
 * grows to, in UTF-16 code units: it is sealed before it would reach V8's
 * large-object size (128 KiB; 60,000 code units stay below it in one- and
 * two-byte strings alike). A larger string costs several times more to make
 * and to collect: measured on batches of 2,000 records of about 100
 * characters, 0.6 to 1.2 µs a record against 0.12 µs below the limit.
 */
export const MAX_OPS_CHARS = 60_000;
/** How many records a builder of several shards adds between two settles (see BatchBuilder.settle). */
const SETTLE_EVERY = 1000;

/**
 * ShardMemo is where a series remembers its shard for a builder of several
 * shards: 0 until first computed, then the number of shards times 1024 plus
 * the shard (MAX_SHARDS is 1024). Every field of a series is in the same
 * shard (codec/shard), so the shard is hashed once per series and number of
 * shards, not once per field and flush.
 */
export interface ShardMemo {
  shard: number;
}

/** Bits of a ShardMemo that hold the shard. */
const SHARD_BITS = 10;
if (MAX_SHARDS > 1 << SHARD_BITS) throw new Error('ShardMemo holds shards below 1024');

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
  /** With several shards, per shard: the records added since the last settle (see settle), … */
  private readonly parts: string[] | undefined;
  /** … the records settled before, as flat strings, … */
  private readonly settled: string[][] | undefined;
  /** … and how many records and UTF-16 code units the shard's part of the batch being filled holds. */
  private readonly inPart: number[] | undefined;
  private readonly partChars: number[] | undefined;
  /** The records added since the last settle. */
  private sinceSettle = 0;

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
    private readonly shards = 1,
  ) {
    if (shards > 1) {
      this.parts = new Array<string>(shards).fill('');
      this.settled = Array.from({ length: shards }, () => []);
      this.inPart = new Array<number>(shards).fill(0);
      this.partChars = new Array<number>(shards).fill(0);
    }
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
    if (this.inCurrent > 0) {
      if (this.parts === undefined) this.seal();
      else this.sealParts();
    }
    return this.sealed;
  }

  private add(op: string, field: string, value: string, series?: ShardMemo): void {
    this.total++;
    const parts = this.parts;
    if (parts === undefined) {
      const current = (this.current += op + field + '\n' + value + '\n');
      if (++this.inCurrent === this.perBatch || current.length >= MAX_OPS_CHARS) this.seal();
      return;
    }
    const s = series === undefined ? shardOf(field, this.shards) : this.memoShard(series, field);
    const record = op + field + '\n' + value + '\n';
    parts[s] += record;
    const chars = (this.partChars![s] += record.length);
    this.inCurrent++;
    if (++this.inPart![s] === this.perBatch || chars >= MAX_OPS_CHARS || this.inCurrent === this.perBatch * SHARDED_BATCH_FACTOR) this.sealParts();
    else if (++this.sinceSettle === SETTLE_EVERY) this.settle();
  }

  private seal(): void {
    // one flat string: the pieces of a batch (about five per write) would otherwise live as long as the batch
    const batch = flatten(this.current);
    this.sealed.push(batch);
    this.current = '';
    this.inCurrent = 0;
    this.onSeal?.(batch);
  }

  /** memoShard is the shard of a series' field, from the series' memo, or hashed and kept in it. */
  private memoShard(series: ShardMemo, field: string): number {
    const memo = series.shard;
    if (memo >>> SHARD_BITS === this.shards) return memo & ((1 << SHARD_BITS) - 1);
    const s = shardOf(field, this.shards);
    series.shard = (this.shards << SHARD_BITS) | s;
    return s;
  }

  /**
   * settle flattens the records added to each part since the last settle,
   * every SETTLE_EVERY records, so that the records of a part are flattened
   * while they are young: a part's records, spread over a long drain between
   * the other parts', cost several times more to flatten at the end
   * (measured).
   */
  private settle(): void {
    const parts = this.parts!;
    for (let s = 0; s < parts.length; s++) {
      if (parts[s] === '') continue;
      this.settled![s].push(flatten(parts[s]));
      parts[s] = '';
    }
    this.sinceSettle = 0;
  }

  /** sealParts seals the batch being filled of a sharded namespace: one flat string per shard. */
  private sealParts(): void {
    this.settle();
    const settled = this.settled!;
    const batch = new Array<string>(settled.length);
    for (let s = 0; s < settled.length; s++) {
      const pieces = settled[s];
      batch[s] = pieces.length === 0 ? '' : pieces.length === 1 ? pieces[0] : pieces.join(''); // join makes one flat string
      pieces.length = 0;
      this.inPart![s] = 0;
      this.partChars![s] = 0;
    }
    this.sealed.push(batch);
    this.inCurrent = 0;
    this.onSeal?.(batch);
  }
}
