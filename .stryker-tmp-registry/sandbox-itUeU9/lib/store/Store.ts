/** One script call's worth of writes (see codec/ops) under a sequence number. */
// @ts-nocheck

export interface WriteBatch {
  /** The batch's sequence number for its writer: 1, 2, 3, … with no gaps. */
  readonly seq: number;
  /** The writes, one `{op}{field}\n{value}\n` record each (see codec/ops). */
  readonly ops: string;
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
 * Store is where namespaces live: Redis (RedisStore) or process memory
 * (MemoryStore). Both apply batches with the same semantics: in order, all or
 * nothing, at most once per writer and sequence number.
 */
export interface Store {
  /**
   * write applies batches of one writer in order and resolves to one result
   * per batch sent. It rejects when the batches could not be sent at all.
   */
  write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]>;
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
