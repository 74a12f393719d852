/**
 * RedisUnavailableError reports a write that was not sent because the Redis
 * connection is not ready (down, reconnecting or closed). Nothing was queued
 * in the client: the registry keeps the updates and retries. `cause` is the
 * last error of the connection when there was one (a refused connection, a
 * TLS certificate that cannot be verified, an authentication failure), and
 * the message repeats it.
 */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';

  constructor(
    /** The connection status ioredis reported, such as `reconnecting` or `end`. */
    readonly status: string,
    override readonly cause?: Error,
  ) {
    super(`Redis is not available (connection ${status})${cause === undefined ? '' : `: ${cause.message}`}`);
  }
}
