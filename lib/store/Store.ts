import type { BatchOps } from '../codec/ops';

/** One script call's worth of writes (see codec/ops) under a sequence number. */
export interface WriteBatch {
  /** The batch's sequence number for its writer: 1, 2, 3, … with no gaps. */
  readonly seq: number;
  /**
   * The writes, one `{op}{field}\n{value}\n` record each (see codec/ops):
   * one string, or one per shard of the namespace, made by a writer that
   * knew the number of shards from the store (see BatchBuilder,
   * knownShards). A store that writes the namespace to that many shards
   * sends each its part; any other joins them (opsText). A store without
   * knownShards always gets one string.
   */
  readonly ops: BatchOps;
  /**
   * The highest sequence number of this writer that the writer knows was
   * applied when the batch was sent. A store that no longer remembers the
   * writer (or remembers less) continues from it, so that a batch whose
   * predecessor failed is refused instead of applied out of order. Without it,
   * an unknown writer's batch is applied.
   */
  readonly after?: number;
}

/**
 * The result of one batch: the fields that could not be incremented (the
 * batch was applied), or the error that kept the batch from being applied.
 */
export type BatchResult = readonly string[] | Error;

/**
 * ProcessData is what a reader needs to render the per-process values of a
 * namespace (docs/format.md, "Processes"): the Redis clock, every writer's
 * deadline, each listed writer's process hash and the folded hash.
 */
export interface ProcessData {
  /** The store's clock when the processes hash was read: Unix time in milliseconds (Redis `TIME`). */
  readonly nowMs: number;
  /** The processes hash, flat: writer id, deadline, writer id, deadline, … */
  readonly deadlines: readonly string[];
  /** Per writer id of the processes hash, its process hash, flat (field, value, …). */
  readonly processes: ReadonlyMap<string, readonly string[]>;
  /** The folded hash, flat: the `max` and `min` values of processes that are gone. */
  readonly folded: readonly string[];
}

/**
 * Store is where namespaces live: Redis (RedisStore) or process memory
 * (MemoryStore). Both apply batches with the same semantics: in order, all or
 * nothing, at most once per writer and sequence number.
 */
export interface Store {
  /**
   * write applies batches of one writer in order and resolves to one result
   * per batch sent. It rejects when the batches could not be sent at all. A
   * store that writes a namespace to several shards applies each batch per
   * shard: a batch that some shards applied and others did not gets a
   * ShardWriteError, the batch is sent again and only the shards that did not
   * apply it get it; with `waitMs`, a shard that has not answered by then
   * fails its parts instead of holding back the answer.
   */
  write(namespace: string, writerId: string, batches: readonly WriteBatch[], waitMs?: number): Promise<BatchResult[]>;
  /**
   * scan yields the fields of a namespace in chunks of about `count`. A store
   * may give a namespace of at most `whole` fields in one chunk, read at once
   * (0, the default: always in chunks).
   */
  scan(namespace: string, count: number, whole?: number): AsyncIterable<ReadonlyArray<readonly [string, string]>>;
  /**
   * scanFlat is scan with each chunk as one flat list, each field followed by
   * its value (`[field, value, field, value, …]`), which spares an array per
   * field. Optional: readers fall back to scan.
   */
  scanFlat?(namespace: string, count: number, whole?: number): AsyncIterable<readonly string[]>;
  /**
   * deleteFields deletes fields of a namespace, outside any writer's
   * sequence, and resolves to how many existed. It is for maintenance (see
   * lib/maintenance): fields no writer will delete, such as the expired
   * summary cells of a process that stopped. Optional: RedisStore and
   * MemoryStore have it.
   */
  deleteFields?(namespace: string, fields: readonly string[]): Promise<number>;
  /**
   * heartbeat writes the writer's deadline, `aliveMs` from now by the store's
   * clock, into the namespace's processes hash, and resolves to true when the
   * writer was alive before (false: unknown or dead, so its per-process
   * values may be gone). Optional: a store without it has no liveness.
   */
  heartbeat?(namespace: string, writerId: string, aliveMs: number): Promise<boolean>;
  /**
   * forget deletes a writer's per-process values and its deadline (keeping
   * its `max` and `min` gauge values in the folded hash), a slice at a time.
   * With `retentionMs`, only when the writer's deadline is at least that long
   * past; without, at once (the writer's goodbye). Resolves to true when the
   * writer was forgotten.
   */
  forget?(namespace: string, writerId: string, retentionMs?: number): Promise<boolean>;
  /**
   * cleanProcesses forgets every writer of the namespace whose deadline is at
   * least `retentionMs` past, unless another cleaner holds the namespace's
   * cleaner lock; resolves to the number of writers forgotten (undefined when
   * the lock was held elsewhere).
   */
  cleanProcesses?(namespace: string, retentionMs: number): Promise<number | undefined>;
  /** readProcesses reads what a reader needs to render the per-process values (see ProcessData). */
  readProcesses?(namespace: string): Promise<ProcessData>;
  /**
   * claimShards resolves to the namespace's number of shards as the store
   * keeps it and, with `configured`, sets it when none is kept (the
   * namespace's first writer); the store's writes to the namespace follow
   * the number found (docs/format.md, "Shards"). Optional: a store without it
   * keeps every namespace in one shard.
   */
  claimShards?(namespace: string, configured?: number): Promise<number>;
  /**
   * knownShards is the number of shards the store's writes to the namespace
   * follow, once a claim found it (undefined before): the writer then builds
   * its batches grouped by shard. Optional.
   */
  knownShards?(namespace: string): number | undefined;
  /**
   * lastError is the last error of the store's connection since it was last
   * ready, if any: a read that times out names it as its cause. Optional.
   */
  lastError?(): Error | undefined;
  /** close releases the connection if the store made it. */
  close(): Promise<void>;
  /**
   * interrupt gives up on writes in flight after a write timed out, for
   * example by reconnecting a connection the store made. Optional.
   */
  interrupt?(): void;
  /**
   * ready resolves when a read can be sent now, and rejects at once (with a
   * RedisUnavailableError naming the address and the last error) when the
   * connection is known to be down; a connection being opened is waited for
   * up to `waitMs`. Optional: a store without it is always ready.
   */
  ready?(waitMs: number): Promise<void>;
}
