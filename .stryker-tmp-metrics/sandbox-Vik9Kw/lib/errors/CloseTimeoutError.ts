/**
 * CloseTimeoutError reports a `close()` that ran out of time before Redis
 * acknowledged every pending update. What it lists was not delivered.
 */
// @ts-nocheck

export class CloseTimeoutError extends Error {
  override readonly name = 'CloseTimeoutError';

  constructor(
    readonly namespace: string,
    /** The time close() waited, in milliseconds. */
    readonly timeoutMs: number,
    /** Series whose updates were not acknowledged. */
    readonly pendingSeries: number,
    /** Batches sent but not acknowledged. */
    readonly pendingBatches: number,
  ) {
    super(
      `close of namespace "${namespace}" gave up after ${timeoutMs} ms: ` +
        `updates of ${pendingSeries} series (${pendingBatches} batches) did not reach Redis`,
    );
  }
}
