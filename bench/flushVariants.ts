import Redis from 'ioredis';
import { namespaceKey, seenKey, writersKey } from '../lib/codec/field';
import { FLUSH_SCRIPT } from '../lib/store/flushScript';
import type { BatchResult, Store, WriteBatch } from '../lib/store/Store';

/** The line of the flush script that increments a field. */
const INCREMENT = `if not pcall(redis.call, 'HINCRBYFLOAT', h, f, v) then failed[#failed + 1] = f end`;

/**
 * The flush script with integral deltas applied by HINCRBY, falling back to
 * HINCRBYFLOAT when the delta is not an integer or HINCRBY refuses (the field
 * holds a float, or the sum would overflow): the same sums, at about half the
 * cost per field in Redis. Undefined when the script no longer has the line.
 */
export const INTEGER_FIRST_SCRIPT: string | undefined = FLUSH_SCRIPT.includes(INCREMENT)
  ? FLUSH_SCRIPT.replace(
      INCREMENT,
      () => `if not (#v < 16 and string.match(v, '^%-?%d+$') and pcall(redis.call, 'HINCRBY', h, f, v)) then
      if not pcall(redis.call, 'HINCRBYFLOAT', h, f, v) then failed[#failed + 1] = f end
    end`,
    )
  : undefined;

/**
 * VariantStore writes batches the way RedisStore does, with two changes to
 * measure before proposing them: each batch is sent as soon as it is built,
 * without waiting for the whole pipeline (`overlap`), so that Redis runs one
 * batch while the next is serialized; and optionally another flush script.
 * For the benchmark only.
 */
export class VariantStore implements Store {
  private readonly command: string;

  constructor(
    private readonly redis: Redis,
    script: string,
    private readonly overlap: boolean,
  ) {
    this.command = `benchFlush${Math.random().toString(36).slice(2, 8)}`;
    redis.defineCommand(this.command, { numberOfKeys: 3, lua: script });
  }

  async write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    const keys = [namespaceKey(namespace), writersKey(namespace), seenKey(namespace)];
    const args = (b: WriteBatch) => [...keys, writerId, b.seq, 86_400, b.after ?? '', b.args];
    if (!this.overlap) {
      const pipeline = this.redis.pipeline() as any;
      for (const b of batches) pipeline[this.command](...args(b));
      const replies: Array<[Error | null, unknown]> = (await pipeline.exec()) ?? [];
      return batches.map((_, i) => {
        const [err, reply] = replies[i] ?? [new Error('no reply'), null];
        return err !== null ? err : Array.isArray(reply) ? reply.slice(1).map(String) : [];
      });
    }
    const client = this.redis as any;
    const settled = await Promise.allSettled(batches.map((b) => client[this.command](...args(b)) as Promise<unknown>));
    return settled.map((r) =>
      r.status === 'rejected' ? (r.reason as Error) : Array.isArray(r.value) ? r.value.slice(1).map(String) : [],
    );
  }

  scan(): AsyncIterable<ReadonlyArray<readonly [string, string]>> {
    return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('VariantStore only writes')) }) };
  }

  async close(): Promise<void> {}
}
