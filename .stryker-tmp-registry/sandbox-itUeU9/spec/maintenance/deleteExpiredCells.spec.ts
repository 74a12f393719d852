// @ts-nocheck
import { expect } from 'chai';
import * as sinon from 'sinon';
import { namespaceKey, writersKey } from '../../lib/codec/field';
import { deleteExpiredCells } from '../../lib/maintenance/deleteExpiredCells';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { RedisStore } from '../../lib/store/RedisStore';
import type { Store } from '../../lib/store/Store';
import { useNamespace } from '../support/redis';

/** A Unix time in milliseconds on a whole minute, so that a 60 s window ends 60 s later. */
const T = 999_999_960_000;

describe('maintenance/deleteExpiredCells', () => {
  it('should delete the expired cells a stopped writer left in a MemoryStore, after the grace time', async () => {
    const clock = sinon.useFakeTimers({ now: T, toFake: ['Date'] });
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'cells', flushIntervalMs: 0 });
    const s = registry.register(new Summary({ name: 'job_seconds', description: 'x', maxAgeSeconds: 60, ageBuckets: 1 }));
    s.observe(2);
    expect(await registry.flush()).to.equal(true);
    const cell = [...store.fields('cells').keys()].filter((f) => f.startsWith('job_seconds:p:'));
    expect(cell).to.have.length(1);
    clock.tick(60_000);
    expect(await deleteExpiredCells({ store, namespace: 'cells', graceSeconds: 30 })).to.equal(0);
    clock.tick(30_000);
    expect(await deleteExpiredCells({ store, namespace: 'cells', graceSeconds: 30 })).to.equal(1);
    expect(store.fields('cells').has(cell[0])).to.equal(false);
    expect(store.fields('cells').get('job_seconds:c:')).to.equal('1');
  });

  it('should refuse bad options and a store that cannot delete fields', async () => {
    const store = new MemoryStore();
    const bare: Store = { write: store.write.bind(store), scan: store.scan.bind(store), close: async () => undefined };
    let error: unknown;
    await deleteExpiredCells({ store: bare, namespace: 'x' }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
    error = undefined;
    await deleteExpiredCells({ store, namespace: 'x', graceSeconds: -1 }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(RangeError);
  });

  describe('through RedisStore (real Redis)', () => {
    const ctx = useNamespace('prune');

    it('should delete with HDEL, in commands of at most 1000 fields, without writing as a writer', async () => {
      const key = namespaceKey(ctx.namespace);
      const fields: string[] = [];
      for (let i = 0; i < 2500; i++) fields.push(`m:p:__cell="${i}",__until="1"`);
      await ctx.redis.hset(key, 'm:t:', 's', ...fields.flatMap((f) => [f, '1']));
      const store = new RedisStore(ctx.redis);
      const hdel = sinon.spy(ctx.redis, 'hdel');
      expect(await deleteExpiredCells({ store, namespace: ctx.namespace })).to.equal(2500);
      expect(hdel.callCount).to.equal(3);
      expect(hdel.getCalls().map((c) => c.args.length - 1)).to.deep.equal([1000, 1000, 500]);
      expect(await ctx.redis.hkeys(key)).to.deep.equal(['m:t:']);
      expect(await ctx.redis.exists(writersKey(ctx.namespace))).to.equal(0);
    });
  });
});
