/**
 * RedisUnavailableError reports a write that was not sent because the Redis
 * connection is not ready (down, reconnecting or closed). Nothing was queued
 * in the client: the registry keeps the updates and retries.
 */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';

  constructor(
    /** The connection status ioredis reported, such as `reconnecting` or `end`. */
    readonly status: string,
  ) {
    super(`Redis is not available (connection ${status})`);
  }
}
