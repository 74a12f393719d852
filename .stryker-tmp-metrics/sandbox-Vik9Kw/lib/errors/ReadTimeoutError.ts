/**
 * ReadTimeoutError reports a read of a namespace that took longer than its
 * limit (the server's `readTimeoutMs`, the exposition client's `timeoutMs`);
 * a server answers the scrape with 503.
 */
// @ts-nocheck

export class ReadTimeoutError extends Error {
  override readonly name = 'ReadTimeoutError';

  constructor(
    readonly namespace: string,
    /** The limit that was reached, in milliseconds. */
    readonly timeoutMs: number,
    /** The option that sets the limit, named in the message. */
    option = 'readTimeoutMs',
    /** What the read was waiting for, when known (the last error of the connection). */
    override readonly cause?: Error,
  ) {
    super(`reading namespace "${namespace}" took longer than ${timeoutMs} ms (see ${option})${cause === undefined ? '' : `; last error: ${cause.message}`}`);
  }
}
