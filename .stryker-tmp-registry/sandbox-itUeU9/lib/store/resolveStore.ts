// @ts-nocheck
import type { ConnectionProfile, RedisInput } from './RedisConnection';
import { RedisStore } from './RedisStore';
import type { Store } from './Store';

/** Where a registry or exposition client keeps its namespace: `redis` or `store`, exactly one. */
export interface StoreOptions {
  /** An ioredis client or Cluster, a `redis://` URL, or ioredis options. */
  redis?: RedisInput;
  /** A Store, such as a MemoryStore for tests; instead of `redis`. */
  store?: Store;
}

/** resolveStore returns the store the options name (a connection it makes has `profile`, see ConnectionProfile); throws a TypeError unless exactly one of `redis` and `store` is given. */
export function resolveStore(options: StoreOptions, profile: ConnectionProfile = 'recorder', timeoutMs = 5000): Store {
  if (options.store !== undefined && options.redis !== undefined) {
    throw new TypeError('give either redis or store, not both');
  }
  if (options.store !== undefined) return options.store;
  if (options.redis === undefined) throw new TypeError('redis is required: an ioredis client, a redis:// URL, or ioredis options');
  return new RedisStore(options.redis, profile, timeoutMs);
}
