/**
 * ReadTimeoutError reports a read of a namespace that took longer than the
 * server's `readTimeoutMs`; the scrape is answered with 503.
 */
export class ReadTimeoutError extends Error {
  override readonly name = 'ReadTimeoutError';

  constructor(
    readonly namespace: string,
    /** The limit that was reached, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(`reading namespace "${namespace}" took longer than ${timeoutMs} ms (see readTimeoutMs)`);
  }
}
