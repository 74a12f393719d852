/**
 * CollectError reports a metric's `collect` function that threw, rejected,
 * or took longer than the flush timeout. The flush went on without what it
 * would have set; a late collect's values go with a later flush.
 */
export class CollectError extends Error {
  override readonly name = 'CollectError';

  constructor(
    /** The metric name. */
    readonly metric: string,
    /** What went wrong: the error thrown, or undefined when the collect took too long. */
    override readonly cause: unknown,
    /** The flush timeout that the collect overran, in milliseconds, when it did. */
    readonly timeoutMs?: number,
  ) {
    super(
      cause === undefined
        ? `collect of metric "${metric}" took longer than the flush timeout (${timeoutMs} ms, flushTimeoutMs); the flush went on without it`
        : `collect of metric "${metric}" failed: ${(cause as Error)?.message ?? String(cause)}; the flush went on without it`,
    );
  }
}
