// @ts-nocheck
import { encodeOps } from '../../lib/codec/ops';
import { expect } from 'chai';
import Redis from 'ioredis';
import { namespaceKey, writersKey } from '../../lib/codec/field';
import { FlushError } from '../../lib/errors/FlushError';
import { RedisUnavailableError } from '../../lib/errors/RedisUnavailableError';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { RedisStore } from '../../lib/store/RedisStore';
import { closeAfterTest } from '../support/cleanup';
import { freePort } from '../support/redisServer';
import { REDIS_URL, useNamespace } from '../support/redis';

describe('reliability: RedisStore (real Redis)', () => {
  const ctx = useNamespace('rstore');

  describe('the flush script', () => {
    const inc = (n: number) => encodeOps([['i', 'c::', String(n)]]);
    let store: RedisStore;
    beforeEach(() => {
      store = new RedisStore(ctx.redis);
    });
    const value = async () => Number(await ctx.redis.hget(namespaceKey(ctx.namespace), 'c::'));

    it('should continue from what the writer knows was applied when Redis does not know the writer', async () => {
      // batch 5 failed before it reached Redis, and Redis forgot the writer: batch 6 must wait for 5
      const r1 = await store.write(ctx.namespace, 'w', [{ seq: 6, after: 4, ops: inc(1) }]);
      expect(r1[0]).to.be.instanceOf(Error);
      expect((r1[0] as Error).message).to.contain('SEQGAP batch 6 of writer w does not follow 4');
      const r2 = await store.write(ctx.namespace, 'w', [
        { seq: 5, after: 4, ops: inc(10) },
        { seq: 6, after: 4, ops: inc(1) },
      ]);
      expect(r2).to.deep.equal([[], []]);
      expect(await value()).to.equal(11);
    });

    it('should refuse every batch after one that failed in the same pipeline, so that they apply in order', async () => {
      await ctx.redis.hset(writersKey(ctx.namespace), 'w', '3');
      const results = await store.write(ctx.namespace, 'w', [
        { seq: 5, after: 3, ops: inc(1) }, // 4 is missing
        { seq: 6, after: 3, ops: inc(1) },
      ]);
      expect(results.every((r) => r instanceof Error)).to.equal(true);
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'c::')).to.equal(null);
    });

    it('should acknowledge without applying a batch Redis applied before, even when Redis remembers less than the writer', async () => {
      expect(await store.write(ctx.namespace, 'w', [{ seq: 1, after: 0, ops: inc(2) }])).to.deep.equal([[]]);
      expect(await store.write(ctx.namespace, 'w', [{ seq: 1, after: 0, ops: inc(2) }])).to.deep.equal([[]]);
      expect(await value()).to.equal(2);
      // Redis restored an older state: it remembers batch 1, the writer knows 7 was applied; 8 follows 7
      expect(await store.write(ctx.namespace, 'w', [{ seq: 8, after: 7, ops: inc(5) }])).to.deep.equal([[]]);
      expect(await store.write(ctx.namespace, 'w', [{ seq: 8, after: 7, ops: inc(5) }])).to.deep.equal([[]]);
      expect(await value()).to.equal(7);
      expect(await ctx.redis.hget(writersKey(ctx.namespace), 'w')).to.equal('8');
    });

    it('should refuse a writers key that is not a hash before writing anything', async () => {
      await ctx.redis.set(writersKey(ctx.namespace), 'x');
      const [r] = await store.write(ctx.namespace, 'w', [{ seq: 1, ops: inc(1) }]);
      expect(r).to.be.instanceOf(Error);
      expect((r as Error).message).to.contain('WRONGTYPE the writers key');
      expect(await ctx.redis.exists(namespaceKey(ctx.namespace))).to.equal(0);
    });
  });

  describe('while Redis cannot be reached', () => {
    it('should fail at once without queueing writes in the client', async () => {
      const port = await freePort(); // nothing listens there
      const errors: Error[] = [];
      const reg = closeAfterTest(
        new CollectorRegistry({
          redis: { port, host: '127.0.0.1', retryStrategy: () => 20 },
          namespace: ctx.namespace,
          flushIntervalMs: 0,
          retryDelayMs: 60_000,
          onError: (e) => errors.push(e),
        }),
        (r) => r.close(100),
      );
      const client = (reg.backend as RedisStore).redis as Redis;
      const c = reg.register(new Counter({ name: 'q_total', description: 'x' }));
      for (let i = 0; i < 20; i++) {
        c.inc();
        expect(await reg.flush()).to.equal(false);
        expect((client as any).offlineQueue.length).to.equal(0); // ioredis keeps it private
      }
      expect(errors).to.have.length(20);
      expect(errors.every((e) => e instanceof FlushError && (e.cause as Error) instanceof RedisUnavailableError)).to.equal(true);
      expect(reg.status()).to.deep.include({ pendingBatches: 1, bufferedSeries: 1 });
      expect(await reg.close(100)).to.equal(false);
    });

    it('should not queue in the offline queue of a client it was given either', async () => {
      const port = await freePort();
      const client = closeAfterTest(new Redis({ port, host: '127.0.0.1', retryStrategy: () => 20 }), (c) => c.disconnect());
      client.on('error', () => undefined);
      const reg = closeAfterTest(new CollectorRegistry({ redis: client, namespace: ctx.namespace, flushIntervalMs: 0, retryDelayMs: 60_000, onError: () => undefined }), (r) =>
        r.close(50),
      );
      reg.register(new Counter({ name: 'q_total', description: 'x' })).inc();
      for (let i = 0; i < 5; i++) expect(await reg.flush()).to.equal(false);
      expect((client as any).offlineQueue.length).to.equal(0); // ioredis keeps it private
    });

    it('should wait for a connection that is being opened instead of failing the first flush', async () => {
      const reg = closeAfterTest(new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
      reg.register(new Counter({ name: 'first_total', description: 'x' })).inc();
      expect(await reg.flush()).to.equal(true);
      await reg.close();
      const lazy = closeAfterTest(new Redis(REDIS_URL, { lazyConnect: true }), (c) => c.disconnect());
      const reg2 = closeAfterTest(new CollectorRegistry({ redis: lazy, namespace: ctx.namespace, flushIntervalMs: 0 }));
      reg2.register(new Counter({ name: 'first_total', description: 'x' })).inc();
      expect(await reg2.flush()).to.equal(true);
      await reg2.close();
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'first_total::')).to.equal('2');
    });
  });
});
