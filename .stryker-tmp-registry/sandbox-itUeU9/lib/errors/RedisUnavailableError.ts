/**
 * RedisUnavailableError reports a command that was not sent, or not
 * answered, because the Redis connection is not ready (down, reconnecting or
 * closed). A write was not queued in the client: the registry keeps the
 * updates and retries. `cause` is the underlying error when there is one (a
 * refused connection, an unknown host, a TLS certificate that cannot be
 * verified, an authentication failure such as WRONGPASS or NOAUTH), and the
 * message names the address and repeats the cause's message:
 * `Redis at 127.0.0.1:6390 is not available (connection reconnecting): connect ECONNREFUSED 127.0.0.1:6390`.
 */
// @ts-nocheck

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';

  constructor(
    /** The connection status ioredis reported, such as `reconnecting` or `end`. */
    readonly status: string,
    override readonly cause?: Error,
    /** Where Redis was expected: `host:port` or a socket path, when known. */
    readonly address?: string,
  ) {
    super(
      `Redis${address === undefined ? '' : ` at ${address}`} is not available (connection ${status})${cause === undefined ? '' : `: ${cause.message}`}`,
    );
  }
}
