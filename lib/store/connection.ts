import Redis, { Cluster, RedisOptions } from 'ioredis';

/** A Redis connection as the registry and the exposition client accept it. */
export type RedisLike = Redis | Cluster;

/** How to reach Redis: an ioredis client or Cluster, a `redis://` URL, or ioredis options. */
export type RedisInput = RedisLike | string | RedisOptions;

/**
 * connect returns the client to use for `input` and whether the caller owns it
 * (made it, and so must close it).
 */
export function connect(input: RedisInput): { client: RedisLike; owned: boolean } {
  if (input instanceof Redis || input instanceof Cluster) return { client: input, owned: false };
  if (input !== null && typeof input === 'object' && typeof (input as any).pipeline === 'function') {
    return { client: input as unknown as RedisLike, owned: false };
  }
  if (typeof input === 'string') return { client: new Redis(input), owned: true };
  if (input !== null && typeof input === 'object') return { client: new Redis(input as RedisOptions), owned: true };
  throw new TypeError('redis must be an ioredis client or Cluster, a redis:// URL, or ioredis options');
}

/** checkNamespace throws a TypeError unless `namespace` is a usable namespace name. */
export function checkNamespace(namespace: unknown): asserts namespace is string {
  if (typeof namespace !== 'string' || namespace.length === 0 || /[{}\s]/.test(namespace)) {
    throw new TypeError(
      `namespace must be a non-empty string without braces or white space, got ${JSON.stringify(namespace)}`,
    );
  }
}
