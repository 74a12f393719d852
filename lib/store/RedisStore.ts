import { namespaceKey, seenKey, writersKey } from '../codec/field';
import { connect, RedisInput, RedisLike } from './connection';
import { FLUSH_SCRIPT } from './flushScript';
import type { BatchResult, Store, WriteBatch } from './Store';

/** How long Redis remembers a writer that has stopped writing, in seconds. */
const WRITER_RETENTION_SECONDS = 86_400;
const SCRIPT_NAME = 'instrumentorFlush';

/**
 * RedisStore keeps namespaces in Redis: one hash per namespace, written by a
 * Lua script (one EVALSHA per batch, every batch of a flush in one pipeline),
 * read with HSCAN.
 */
export class RedisStore implements Store {
  /** The Redis client in use. */
  readonly redis: RedisLike;
  private readonly owned: boolean;

  /** A client given here is not closed by `close()`; one made from a URL or options is. */
  constructor(redis: RedisInput) {
    const { client, owned } = connect(redis);
    this.redis = client;
    this.owned = owned;
    if (typeof (client as any)[SCRIPT_NAME] !== 'function') {
      client.defineCommand(SCRIPT_NAME, { numberOfKeys: 3, lua: FLUSH_SCRIPT });
    }
    if (owned) client.on('error', () => undefined); // surfaced through the results of writes and reads
  }

  async write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    const k1 = namespaceKey(namespace);
    const k2 = writersKey(namespace);
    const k3 = seenKey(namespace);
    const pipeline = this.redis.pipeline() as any;
    for (const b of batches) pipeline[SCRIPT_NAME](k1, k2, k3, writerId, b.seq, WRITER_RETENTION_SECONDS, ...b.args);
    const replies: Array<[Error | null, unknown]> | null = await pipeline.exec();
    return (replies ?? []).map(([err, reply]) =>
      err !== null ? err : Array.isArray(reply) ? reply.slice(1).map(String) : [],
    );
  }

  async *scan(namespace: string, count: number): AsyncIterable<ReadonlyArray<readonly [string, string]>> {
    const key = namespaceKey(namespace);
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(key, cursor, 'COUNT', count);
      const chunk: Array<[string, string]> = [];
      for (let i = 0; i < flat.length; i += 2) chunk.push([flat[i], flat[i + 1]]);
      yield chunk;
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    if (this.owned) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
