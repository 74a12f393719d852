import { FlushError } from './FlushError';

/**
 * ShardCountError reports a writer configured with a number of shards
 * (`shards`) other than the one its namespace is stored with: the first
 * writer of a namespace sets it, and it cannot change while the namespace
 * lives (docs/scaling.md, "Changing the number of shards"). Nothing is
 * written: the updates are kept and retried, and reported again, until the
 * configuration or the namespace changes.
 */
export class ShardCountError extends FlushError {
  override readonly name = 'ShardCountError';

  constructor(
    namespace: string,
    /** The number of shards the namespace is stored with. */
    readonly stored: number,
    /** The number of shards this writer was configured with. */
    readonly configured: number,
  ) {
    super(
      namespace,
      `the namespace is stored with ${stored} shard${stored === 1 ? '' : 's'}, this writer is configured with shards: ${configured}; ` +
        `configure ${stored}, or leave shards out to follow the namespace (see docs/scaling.md, "Changing the number of shards")`,
    );
  }
}
