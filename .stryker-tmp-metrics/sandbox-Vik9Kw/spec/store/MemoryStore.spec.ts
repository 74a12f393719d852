// @ts-nocheck
import { expect } from 'chai';
import { encodeOps } from '../../lib/codec/ops';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { RedisStore } from '../../lib/store/RedisStore';
import type { Store, WriteBatch } from '../../lib/store/Store';
import { closeAfterTest } from '../support/cleanup';
import { REDIS_URL, useNamespace } from '../support/redis';

describe('stores', () => {
  const ctx = useNamespace('store');

  // The same batches must give the same fields and results in both stores.
  const batches: WriteBatch[] = [
    { seq: 1, ops: encodeOps([['s', 'g:t:', 'g'], ['n', 'g::', '10'], ['f', 'g::', '2.5'], ['i', 'c::', '1'], ['s', 'help:d:', 'two\nlines \\ ok']]) },
    { seq: 2, ops: encodeOps([['n', 'g::', '99'], ['f', 'c::', '0.5'], ['s', 'bad::', 'x'], ['i', 'bad::', '1'], ['i', 'c::', '2']]) },
    { seq: 2, ops: encodeOps([['i', 'c::', '1000']]) }, // a retry of an applied batch: acknowledged, not applied
    { seq: 4, ops: encodeOps([['i', 'c::', '1000']]) }, // skips 3: refused
    { seq: 3, ops: encodeOps([['x', 'g:t:', '']]) },
  ];

  for (const [name, make] of [
    ['MemoryStore', () => new MemoryStore()],
    ['RedisStore', () => new RedisStore(REDIS_URL)],
  ] as Array<[string, () => Store]>) {
    describe(name, () => {
      it('should apply batches in order, at most once, skipping fields that are not numbers', async () => {
        const store = closeAfterTest(make());
        const results = await store.write(ctx.namespace, 'w1', batches);
        expect(results.slice(0, 3)).to.deep.equal([[], ['bad::'], []]);
        expect(results[3]).to.be.instanceOf(Error);
        expect((results[3] as Error).message).to.contain('SEQGAP');
        expect(results[4]).to.deep.equal([]);
        const fields: Record<string, string> = {};
        for await (const chunk of store.scan(ctx.namespace, 2)) for (const [f, v] of chunk) fields[f] = v;
        // c:: holds 1.5 (a float) when the integral increment of 2 arrives: it is added as a float
        expect(fields).to.deep.equal({ 'g::': '12.5', 'c::': '3.5', 'bad::': 'x', 'help:d:': 'two\nlines \\ ok' });
        await store.close();
      });
    });
  }

  it('RedisStore should add an integral increment as a float when HINCRBY would overflow', async () => {
    const store = closeAfterTest(new RedisStore(REDIS_URL));
    await ctx.redis.hset(`instrumentor:{${ctx.namespace}}`, 'big::', '9223372036854775807');
    expect(await store.write(ctx.namespace, 'w', [{ seq: 1, ops: encodeOps([['i', 'big::', '1']]) }])).to.deep.equal([[]]);
    expect(Number(await ctx.redis.hget(`instrumentor:{${ctx.namespace}}`, 'big::'))).to.equal(9223372036854775808);
    await store.close();
  });

  it('MemoryStore should back a registry and an exposition client for unit tests', async () => {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'unit' });
    registry.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc(2);
    registry.register(new Gauge({ name: 'level', description: 'Level' })).set(3);
    await registry.close();
    expect(await new ExpositionClient({ store, namespace: 'unit' }).expose()).to.equal(
      '# HELP hits_total Hits\n# TYPE hits_total counter\nhits_total 2\n# HELP level Level\n# TYPE level gauge\nlevel 3\n',
    );
    expect(store.fields('unit').get('hits_total::')).to.equal('2');
  });
});
