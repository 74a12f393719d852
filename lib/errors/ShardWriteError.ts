import { FlushError } from './FlushError';

/**
 * ShardWriteError reports a batch of a sharded namespace that some shards
 * applied and others did not: their Redis master is down, failing over, or
 * did not answer in time. The shards that applied their part keep it (each
 * applies a batch at most once); the others get the batch again, in order,
 * when they answer. Batches keep going to the shards that work, so a shard
 * that is down holds back only its own part of the namespace
 * (docs/scaling.md, "When a shard is down").
 */
export class ShardWriteError extends FlushError {
  override readonly name = 'ShardWriteError';

  constructor(
    namespace: string,
    /** The names of the shards that did not apply their part (`shop#3`: shard 3 of `shop`). */
    readonly shards: readonly string[],
    /** What went wrong on the first of them. */
    override readonly cause: Error,
    /** Fields the shards that applied their part refused to increment. */
    failedFields: readonly string[] = [],
  ) {
    super(namespace, `shard${shards.length === 1 ? '' : 's'} ${shards.join(', ')} did not apply ${shards.length === 1 ? 'its' : 'their'} part: ${cause.message}`, cause, failedFields);
  }
}
