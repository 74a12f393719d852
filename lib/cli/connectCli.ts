import type { ConnectionOptions } from 'node:tls';
import Redis from 'ioredis';

/**
 * connectCli makes the Redis connection of a one-shot command: it fails
 * fast (no reconnecting) so that a command against an unreachable Redis ends
 * with a clear message instead of waiting. `tls` is used for a rediss:// URL
 * (see redisTlsOptions).
 */
export function connectCli(url: string, tls?: ConnectionOptions): Redis {
  const client = new Redis(url, {
    ...(tls && { tls }),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 5000,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // reported by the command that fails
  return client;
}

/** redisUrl is the Redis a command uses: `--redis`, then INSTRUMENTOR_REDIS_URL, REDIS_URL, then the local default. */
export function redisUrl(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option ?? env.INSTRUMENTOR_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}
