import { flatten } from '../util/flatten';
import { MAX_SHARDS, shardOf } from './shard';

/**
 * ShardMemo is where a series remembers its shard for a builder of several
 * shards: 0 until first computed, then the number of shards times
 * 2^SHARD_BITS (1024) plus the shard. Every field of a series is in the same
 * shard (codec/shard), so the shard is hashed once per series and number of
 * shards, not once per field and flush.
 */
export interface ShardMemo {
  shard: number;
}

/** Bits of a ShardMemo that hold the shard: enough for every shard below MAX_SHARDS (10 for 1024). */
const SHARD_BITS = Math.ceil(Math.log2(MAX_SHARDS));

/** How many records are added between two settles (see ShardedParts.settle). */
const SETTLE_EVERY = 1000;

/**
 * ShardedParts holds the records of one batch of a namespace of several
 * shards, one part per shard, each record in the part of its field's shard
 * (codec/shard), in the order added; BatchBuilder fills it and seals it.
 */
export class ShardedParts {
  /** Per shard: the records added since the last settle, … */
  private readonly pending: string[];
  /** … the records settled before, as flat strings, … */
  private readonly settled: string[][];
  /** … and how many records and UTF-16 code units the shard's part holds. */
  private readonly records: number[];
  private readonly chars: number[];
  /** The records added since the last settle. */
  private sinceSettle = 0;

  /**
   * @param perPart and `maxChars`: a part that reaches either asks for the
   *   batch to be sealed (see add).
   */
  constructor(
    private readonly shards: number,
    private readonly perPart: number,
    private readonly maxChars: number,
  ) {
    this.pending = new Array<string>(shards).fill('');
    this.settled = Array.from({ length: shards }, () => []);
    this.records = new Array<number>(shards).fill(0);
    this.chars = new Array<number>(shards).fill(0);
  }

  /**
   * add puts a record in the part of its field's shard (from the series'
   * memo when given) and tells whether that part is full: `perPart` records,
   * or `maxChars` code units.
   */
  add(record: string, field: string, series?: ShardMemo): boolean {
    const s = series === undefined ? shardOf(field, this.shards) : this.memoShard(series, field);
    this.pending[s] += record;
    const chars = (this.chars[s] += record.length);
    if (++this.records[s] >= this.perPart || chars >= this.maxChars) return true;
    if (++this.sinceSettle === SETTLE_EVERY) this.settle();
    return false;
  }

  /** seal returns the parts, one flat string per shard (empty for a shard without records), and starts afresh. */
  seal(): string[] {
    this.settle();
    const batch = new Array<string>(this.shards);
    for (let s = 0; s < this.shards; s++) {
      const pieces = this.settled[s];
      batch[s] = pieces.length === 0 ? '' : pieces.length === 1 ? pieces[0] : pieces.join(''); // join makes one flat string
      pieces.length = 0;
      this.records[s] = 0;
      this.chars[s] = 0;
    }
    return batch;
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
   * (measured: see docs/scaling.md, "The writers").
   */
  private settle(): void {
    const pending = this.pending;
    for (let s = 0; s < pending.length; s++) {
      if (pending[s] === '') continue;
      this.settled[s].push(flatten(pending[s]));
      pending[s] = '';
    }
    this.sinceSettle = 0;
  }
}
