import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { namespaceKey, seenKey, writersKey } from '../../lib/codec/field';

/** The URL of the shared Redis the specs use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** uniqueNamespace returns a namespace no other test run uses. */
export function uniqueNamespace(prefix = 'spec'): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** namespaceKeys lists every Redis key a namespace uses. */
export function namespaceKeys(namespace: string): string[] {
  return [namespaceKey(namespace), writersKey(namespace), seenKey(namespace)];
}

/**
 * useNamespace gives a test a fresh namespace and a Redis client, and deletes
 * the namespace's keys (only those) afterwards.
 */
export function useNamespace(prefix?: string): { namespace: string; redis: Redis } {
  const ctx = { namespace: '', redis: undefined as unknown as Redis };
  const used: string[] = [];
  before(() => {
    ctx.redis = new Redis(REDIS_URL);
  });
  beforeEach(() => {
    ctx.namespace = uniqueNamespace(prefix);
    used.push(ctx.namespace);
  });
  afterEach(async () => {
    await ctx.redis.del(...namespaceKeys(ctx.namespace));
  });
  after(async () => {
    // Registries closed by later afterEach hooks flush once more: sweep again.
    for (const ns of used.splice(0)) await ctx.redis.del(...namespaceKeys(ns));
    await ctx.redis.quit();
  });
  return ctx;
}

/** hgetall reads a namespace's hash. */
export async function readHash(redis: Redis, namespace: string): Promise<Record<string, string>> {
  return redis.hgetall(namespaceKey(namespace));
}
