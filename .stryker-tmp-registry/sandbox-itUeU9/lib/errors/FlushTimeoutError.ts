// @ts-nocheck
import { FlushError } from './FlushError';

/**
 * FlushTimeoutError reports a flush that Redis did not answer within
 * `flushTimeoutMs`, or that could not start because an earlier write is still
 * unanswered. Redis may or may not have applied it: the batches are kept and
 * sent again, and Redis applies each of them at most once.
 */
export class FlushTimeoutError extends FlushError {
  override readonly name = 'FlushTimeoutError';

  constructor(
    namespace: string,
    /** The limit that was reached, in milliseconds (see `flushTimeoutMs`). */
    readonly timeoutMs: number,
    /** True when no write was sent because an earlier one is still unanswered. */
    readonly stalled = false,
  ) {
    super(
      namespace,
      stalled
        ? 'an earlier write is still unanswered; waiting for it before sending again'
        : `no answer from Redis within ${timeoutMs} ms (see flushTimeoutMs)`,
    );
  }
}
