import { expect } from 'chai';
import { namespaceKey, shardsKey } from '../../lib/codec/field';
import * as sinon from 'sinon';
import { BatchBuilder } from '../../lib/codec/BatchBuilder';
import { decodeOps } from '../../lib/codec/ops';
import { shardName, shardOf } from '../../lib/codec/shard';
import { ShardCountError } from '../../lib/errors/ShardCountError';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { RedisStore } from '../../lib/store/RedisStore';
import { Readable } from 'node:stream';
import { runCli } from '../../lib/cli/program';
import { REDIS_URL, shardKeys, uniqueNamespace, useNamespace, deleteNamespace } from '../support/redis';

/** record writes the same updates into a registry: counters, a histogram, a summary and per-process gauges over many series. */
function record(registry: CollectorRegistry): void {
  const c = registry.register(new Counter({ name: 'orders_total', description: 'Orders', allowedLabels: ['shop', 'status'] }));
  const h = registry.register(new Histogram({ name: 'order_seconds', description: 'Latency', allowedLabels: ['shop'], buckets: [0.1, 1] }));
  const s = registry.register(new Summary({ name: 'rpc_seconds', description: 'RPC', allowedLabels: ['shop'], quantiles: [0.5, 0.99] }));
  const live = registry.register(new Gauge({ name: 'jobs_running', description: 'Jobs', allowedLabels: ['shop'], aggregate: 'liveSum' }));
  const max = registry.register(new Gauge({ name: 'queue_max', description: 'Deepest queue', allowedLabels: ['shop'], aggregate: 'max' }));
  for (let i = 0; i < 200; i++) {
    const shop = `s${i % 40}`;
    c.inc({ shop, status: i % 3 === 0 ? 'ok' : 'failed' });
    h.observe({ shop }, (i % 7) / 5);
    s.observe({ shop }, 0.001 * (1 + i));
    live.set({ shop }, i);
    max.set({ shop }, i % 13);
  }
}

describe('sharded namespaces (standalone Redis)', function () {
  this.timeout(20_000);
  const ctx = useNamespace('shard');

  it('should spread the series over the shards, each series whole in its shard, and read back what one shard reads', async () => {
    const flat = uniqueNamespace('shard-flat');
    const sharded = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0, shards: 5, processLabel: { value: 'p' } });
    const plain = new CollectorRegistry({ redis: REDIS_URL, namespace: flat, flushIntervalMs: 0, processLabel: { value: 'p' } });
    try {
      record(sharded);
      record(plain);
      expect(await sharded.flush()).to.equal(true);
      expect(await plain.flush()).to.equal(true);
      expect(await ctx.redis.get(shardsKey(ctx.namespace))).to.equal('5');
      expect(await ctx.redis.exists(namespaceKey(ctx.namespace)), 'the namespace hash of a sharded namespace stays empty').to.equal(0);
      expect(await ctx.redis.exists(shardsKey(flat)), 'a namespace written without shards stores no K').to.equal(0);
      const all = await ctx.redis.hgetall(namespaceKey(flat));
      let total = 0;
      for (let s = 0; s < 5; s++) {
        const fields = Object.keys(await ctx.redis.hgetall(namespaceKey(shardName(ctx.namespace, s))));
        expect(fields.length, `shard ${s} holds fields`).to.be.greaterThan(0);
        for (const f of fields) expect(shardOf(f, 5), f).to.equal(s);
        total += fields.length;
      }
      expect(total, 'the shards hold exactly the fields of the unsharded namespace').to.equal(Object.keys(all).length);
      const a = await new ExpositionClient({ redis: REDIS_URL, namespace: ctx.namespace }).expose();
      const b = await new ExpositionClient({ redis: REDIS_URL, namespace: flat }).expose();
      expect(a).to.contain('orders_total{shop="s0",status="ok"} 2\n').and.to.contain('jobs_running{shop="s3"}').and.to.contain('rpc_seconds{shop="s1",quantile="0.5"}');
      expect(a).to.equal(b);
    } finally {
      await sharded.close();
      await plain.close();
      await deleteNamespace(ctx.redis, flat);
    }
  });

  it('should build batches by shard once it knows K and send each shard its part; a batch built for another K is split again', async () => {
    const store = new RedisStore(REDIS_URL);
    const registry = new CollectorRegistry({ store, namespace: ctx.namespace, flushIntervalMs: 0, shards: 4 });
    try {
      const c = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['page'] }));
      c.inc({ page: 'first' });
      expect(await registry.flush()).to.equal(true);
      expect(store.knownShards(ctx.namespace)).to.equal(4);
      const write = sinon.spy(store, 'write');
      for (let round = 0; round < 2; round++) for (let i = 0; i < 300; i++) c.inc({ page: `p${i}` });
      expect(await registry.flush()).to.equal(true);
      const sent = write.getCalls().flatMap((call) => call.args[2]);
      expect(sent).to.have.length(1);
      expect(sent[0].ops, 'one part per shard').to.be.an('array').with.length(4);
      (sent[0].ops as readonly string[]).forEach((part, s) => {
        for (const [, field] of decodeOps(part)) expect(shardOf(field, 4), field).to.equal(s);
      });
      // a batch made for 3 shards (a writer that knew another K) is joined and split by the namespace's 4
      const forThree = new BatchBuilder(undefined, 2000, 3);
      for (let i = 0; i < 60; i++) forThree.incr(`hits_total::page="p${i}"`, 10);
      const [ops] = forThree.batches();
      expect(await store.write(ctx.namespace, 'other-writer', [{ seq: 1, ops }])).to.deep.equal([[]]);
      for (let s = 0; s < 4; s++) {
        const fields = await ctx.redis.hgetall(namespaceKey(shardName(ctx.namespace, s)));
        for (const f of Object.keys(fields)) expect(shardOf(f, 4), f).to.equal(s);
      }
      const text = await new ExpositionClient({ redis: REDIS_URL, namespace: ctx.namespace }).expose();
      for (let i = 0; i < 300; i++) expect(text).to.contain(`hits_total{page="p${i}"} ${i < 60 ? 12 : 2}\n`);
    } finally {
      sinon.restore();
      await registry.close();
      await store.close();
    }
  });

  it('should make a writer without the option follow the stored K, and report a ShardCountError naming both values to one configured otherwise', async () => {
    const first = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0, shards: 3 });
    const errors: Error[] = [];
    const follower = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 });
    const other = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0, shards: 4, onError: (e) => errors.push(e) });
    try {
      for (const r of [first, follower, other]) r.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['page'] }));
      for (let i = 0; i < 30; i++) (first.getMetric('hits_total') as Counter<'page'>).inc({ page: `p${i}` });
      expect(await first.flush()).to.equal(true);
      for (let i = 0; i < 30; i++) (follower.getMetric('hits_total') as Counter<'page'>).inc({ page: `p${i}` });
      expect(await follower.flush()).to.equal(true);
      (other.getMetric('hits_total') as Counter<'page'>).inc({ page: 'p0' });
      expect(await other.flush()).to.equal(false);
      const error = errors.find((e) => e instanceof ShardCountError) as ShardCountError;
      expect(error, errors.map(String).join('\n')).to.be.instanceOf(ShardCountError);
      expect(error.stored).to.equal(3);
      expect(error.configured).to.equal(4);
      expect(error.message).to.contain('stored with 3 shards').and.to.contain('shards: 4');
      const text = await new ExpositionClient({ redis: REDIS_URL, namespace: ctx.namespace }).expose();
      for (let i = 0; i < 30; i++) expect(text).to.contain(`hits_total{page="p${i}"} 2\n`);
    } finally {
      await first.close();
      await follower.close();
      await other.close(200);
    }
  });

  it('should keep a namespace that holds data unsharded when a sharded writer comes later', async () => {
    const old = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 });
    const errors: Error[] = [];
    const later = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0, shards: 8, onError: (e) => errors.push(e) });
    try {
      old.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc();
      expect(await old.flush()).to.equal(true);
      later.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc();
      expect(await later.flush()).to.equal(false);
      expect(errors.find((e) => e instanceof ShardCountError)?.message).to.contain('stored with 1 shard,');
      expect(await ctx.redis.exists(shardsKey(ctx.namespace))).to.equal(0);
    } finally {
      await old.close();
      await later.close(200);
    }
  });

  it('should dump the fields of every shard, and reset delete every shard\'s keys and the stored K', async () => {
    const registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0, shards: 6 });
    const c = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['page'] }));
    for (let i = 0; i < 40; i++) c.inc({ page: `p${i}` });
    expect(await registry.close()).to.equal(true);
    let out = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (out += t), stdin: Readable.from([]), env: {} };
    expect(await runCli(['dump', ctx.namespace, '--redis', REDIS_URL], io), out).to.equal(0);
    for (let i = 0; i < 40; i++) expect(out).to.match(new RegExp(`hits_total::page="p${i}" +1\\n`));
    expect(out).to.contain(registry.writerId);
    expect((await shardKeys(ctx.redis, ctx.namespace)).length).to.be.greaterThan(6);
    out = '';
    expect(await runCli(['reset', ctx.namespace, '--redis', REDIS_URL, '--yes'], io), out).to.equal(0);
    expect(out).to.contain('42 field(s)'); // 40 values, the description and the type
    expect(await shardKeys(ctx.redis, ctx.namespace)).to.deep.equal([]);
    expect(await ctx.redis.exists(shardsKey(ctx.namespace))).to.equal(0);
  });

  it('should forget a writer in every shard on close, folding its max values, and delete reset fields in their shards', async () => {
    const registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0, shards: 4 });
    const max = registry.register(new Gauge({ name: 'queue_max', description: 'Deepest', allowedLabels: ['q'], aggregate: 'max' }));
    const live = registry.register(new Gauge({ name: 'jobs_running', description: 'Jobs', allowedLabels: ['q'], aggregate: 'liveSum' }));
    for (let i = 0; i < 20; i++) {
      max.set({ q: `q${i}` }, i);
      live.set({ q: `q${i}` }, 1);
    }
    expect(await registry.flush()).to.equal(true);
    const hits = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['q'] }));
    for (let i = 0; i < 20; i++) hits.inc({ q: `q${i}` });
    expect(await registry.flush()).to.equal(true);
    hits.reset();
    expect(await registry.flush()).to.equal(true);
    const store = new RedisStore(REDIS_URL, 'reader');
    try {
      await store.ready(3000);
      let left = 0;
      for (let s = 0; s < 4; s++) left += (await ctx.redis.hkeys(namespaceKey(shardName(ctx.namespace, s)))).filter((f) => f.startsWith('hits_total::')).length;
      expect(left, 'reset deletes the values in every shard').to.equal(0);
      const before = await store.readProcesses(ctx.namespace);
      expect([...before.processes.values()][0].length).to.equal(80);
      expect(await registry.close()).to.equal(true);
      const after = await store.readProcesses(ctx.namespace);
      expect(after.processes.size).to.equal(0);
      expect(after.folded.length, 'every max value is folded').to.equal(40);
      const text = await new ExpositionClient({ redis: REDIS_URL, namespace: ctx.namespace }).expose();
      expect(text).to.contain('queue_max{q="q19"} 19\n').and.not.to.contain('jobs_running{');
    } finally {
      await store.close();
    }
  });
});
