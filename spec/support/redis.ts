import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { cleanerKey, foldedKey, namespaceKey, processesKey, seenKey, shardsKey, writersKey } from '../../lib/codec/field';
import { DEFAULT_REDIS_URL } from './suiteRedis';

/** The URL of the Redis the specs use (set by spec/support/setup.ts before any spec loads). */
export const REDIS_URL = process.env.REDIS_URL || DEFAULT_REDIS_URL;

/** useSpecRedis points the examples of the docs, written for the Redis at redis://127.0.0.1:6379, at the Redis the specs use. */
export function useSpecRedis(code: string): string {
  return code.replaceAll(`'${DEFAULT_REDIS_URL}'`, JSON.stringify(REDIS_URL));
}

/** hostAndPort gives the host and port of a redis:// URL (default: those of REDIS_URL). */
export function hostAndPort(url = REDIS_URL): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) };
}

/** uniqueNamespace returns a namespace no other test run uses. */
export function uniqueNamespace(prefix = 'spec'): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** namespaceKeys lists the Redis keys of a namespace whose names are fixed (see deleteNamespace for all of them). */
export function namespaceKeys(namespace: string): string[] {
  return [namespaceKey(namespace), writersKey(namespace), seenKey(namespace), processesKey(namespace), foldedKey(namespace), cleanerKey(namespace), shardsKey(namespace)];
}

/** processKeys lists the process hashes of a namespace (`instrumentor:{ns}:process:<writer id>`) that exist now. */
export async function processKeys(redis: Redis, namespace: string): Promise<string[]> {
  const pattern = `instrumentor:{${namespace}}:process:*`.replace(/[?[\]\\]/g, '\\$&');
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** shardKeys lists the keys of a sharded namespace's shards (`instrumentor:{ns#<i>}…`) that exist now. */
export async function shardKeys(redis: Redis, namespace: string): Promise<string[]> {
  const pattern = `instrumentor:{${namespace}#*`.replace(/[?[\]\\]/g, '\\$&');
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...found.filter((k) => /^instrumentor:\{.*#\d+\}/.test(k)));
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** deleteNamespace deletes every key of a namespace: those of namespaceKeys, its process hashes and its shards' keys. */
export async function deleteNamespace(redis: Redis, namespace: string): Promise<void> {
  await redis.del(...namespaceKeys(namespace), ...(await processKeys(redis, namespace)), ...(await shardKeys(redis, namespace)));
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
    await deleteNamespace(ctx.redis, ctx.namespace);
  });
  after(async () => {
    // Registries closed by later afterEach hooks flush once more: sweep again.
    for (const ns of used.splice(0)) await deleteNamespace(ctx.redis, ns);
    await ctx.redis.quit();
  });
  return ctx;
}

/** hgetall reads a namespace's hash. */
export async function readHash(redis: Redis, namespace: string): Promise<Record<string, string>> {
  return redis.hgetall(namespaceKey(namespace));
}
