import { expect } from 'chai';
import Redis from 'ioredis';
import * as sinon from 'sinon';
import { namespaceKey } from '../../lib/codec/field';
import { shardName, shardOf } from '../../lib/codec/shard';
import { ShardWriteError } from '../../lib/errors/ShardWriteError';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { REDIS_URL, useNamespace } from '../support/redis';

const SHARDS = 4;
const DOWN = 2;
const SERIES = Array.from({ length: 40 }, (_, i) => `s${i}`);
const shardOfSeries = (s: string) => shardOf(`hits_total::series="${s}"`, SHARDS);

/** The counter's value per series, as a scrape shows it (0 for a series not in Redis). */
async function values(redis: Redis, namespace: string): Promise<Map<string, number>> {
  const text = await new ExpositionClient({ redis, namespace }).expose();
  const found = new Map<string, number>(SERIES.map((s) => [s, 0]));
  for (const m of text.matchAll(/^hits_total\{series="(s\d+)"\} (\S+)$/gm)) found.set(m[1], Number(m[2]));
  return found;
}

/** expectValues checks every series: `down` on the shard that is down, `up` on the others. */
async function expectValues(redis: Redis, namespace: string, up: number, down: number): Promise<void> {
  const found = await values(redis, namespace);
  for (const s of SERIES) expect(found.get(s), `${s} (shard ${shardOfSeries(s)})`).to.equal(shardOfSeries(s) === DOWN ? down : up);
}

type Flush = (...args: unknown[]) => Promise<unknown>;

describe('a sharded namespace with one shard down (failures injected at the client, on a real Redis)', function () {
  this.timeout(60_000);
  const ctx = useNamespace('sharddown');
  let client: Redis;
  let registry: CollectorRegistry | undefined;
  const errors: Error[] = [];

  beforeEach(() => {
    client = new Redis(REDIS_URL);
    errors.length = 0;
  });

  afterEach(async () => {
    sinon.restore();
    await registry?.close(5000);
    registry = undefined;
    await client.quit();
  });

  /** start makes a registry of SHARDS shards, counts 1 in every series and flushes it while every shard works. */
  async function start(options: { flushTimeoutMs?: number } = {}): Promise<Counter<'series'>> {
    registry = new CollectorRegistry({ redis: client, namespace: ctx.namespace, shards: SHARDS, flushIntervalMs: 0, retryDelayMs: 60_000, onError: (e) => errors.push(e), ...options });
    const hits = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['series'] }));
    expect(new Set(SERIES.map(shardOfSeries)).size, 'the series cover every shard').to.equal(SHARDS);
    for (const s of SERIES) hits.inc({ series: s });
    expect(await registry.flush()).to.equal(true);
    return hits;
  }

  /** stubShard replaces the flush script's command for the shard that is down by `down`; the others run as they are. */
  function stubShard(down: (original: Flush, args: unknown[]) => Promise<unknown>): { calls: () => number } {
    const downKey = namespaceKey(shardName(ctx.namespace, DOWN));
    const original = (client as any).instrumentorFlush as Flush;
    let calls = 0;
    sinon.replace(client as any, 'instrumentorFlush', function (this: unknown, ...args: unknown[]) {
      if (args[0] !== downKey) return original.apply(this, args);
      calls++;
      return down((...a) => original.apply(this, a), args);
    });
    return { calls: () => calls };
  }

  it('should deliver every flush to the shards that work, hold back only the failing one, and deliver its batches once when it works again', async () => {
    const hits = await start();
    let failing = true;
    stubShard((original, args) => (failing ? Promise.reject(new Error('connection to the shard lost')) : original(...args)));

    for (const s of SERIES) hits.inc({ series: s });
    expect(await registry!.flush()).to.equal(false);
    await expectValues(ctx.redis, ctx.namespace, 2, 1);
    const shardErrors = errors.filter((e) => e instanceof ShardWriteError) as ShardWriteError[];
    expect(shardErrors).to.have.length.greaterThan(0);
    expect(shardErrors[0].shards).to.deep.equal([shardName(ctx.namespace, DOWN)]);
    expect(shardErrors[0].message).to.contain(`shard ${ctx.namespace}#${DOWN} did not apply its part: connection to the shard lost`);

    // a second flush goes out to the shards that work while the first batch is still held for the failing one
    for (const s of SERIES) hits.inc({ series: s });
    expect(await registry!.flush()).to.equal(false);
    await expectValues(ctx.redis, ctx.namespace, 3, 1);
    expect(registry!.status().pendingBatches).to.equal(2);

    failing = false;
    expect(await registry!.flush()).to.equal(true);
    await expectValues(ctx.redis, ctx.namespace, 3, 3);
    expect(registry!.status().pendingBatches).to.equal(0);
    // sent again, unchanged: nothing is doubled
    expect(await registry!.flush()).to.equal(true);
    await expectValues(ctx.redis, ctx.namespace, 3, 3);
  });

  it('should fail only the part of a shard that does not answer within flushTimeoutMs, send it nothing until it answers, then deliver the rest once', async () => {
    const hits = await start({ flushTimeoutMs: 300 });
    let release: (() => void) | undefined;
    let hanging = true;
    const shard = stubShard((original, args) => {
      if (!hanging) return original(...args);
      // the shard answers only when released, and then applies what it was sent
      return new Promise((resolve, reject) => (release = () => original(...args).then(resolve, reject)));
    });

    for (const s of SERIES) hits.inc({ series: s });
    const started = Date.now();
    expect(await registry!.flush()).to.equal(false);
    expect(Date.now() - started, 'the flush answers before flushTimeoutMs').to.be.lessThan(600);
    await expectValues(ctx.redis, ctx.namespace, 2, 1);
    expect(errors.some((e) => e instanceof ShardWriteError && /did not answer within 270 ms/.test(e.message)), errors.map((e) => e.message).join('\n')).to.equal(true);
    expect(shard.calls()).to.equal(1);

    for (const s of SERIES) hits.inc({ series: s });
    expect(await registry!.flush()).to.equal(false);
    await expectValues(ctx.redis, ctx.namespace, 3, 1);
    expect(shard.calls(), 'nothing more is sent to a shard that has not answered').to.equal(1);
    expect(errors.some((e) => /has not answered an earlier write yet/.test(e.message))).to.equal(true);

    // the shard answers late: it applied the first batch; the second goes to it now, once
    hanging = false;
    release!();
    await new Promise((r) => setTimeout(r, 50));
    await expectValues(ctx.redis, ctx.namespace, 3, 2);
    expect(await registry!.flush()).to.equal(true);
    await expectValues(ctx.redis, ctx.namespace, 3, 3);
    expect(registry!.status().pendingBatches).to.equal(0);
  });

  it('should stop making new batches when 1024 are held for a failing shard, and merge the updates in the metrics until it works again', async () => {
    const hits = await start();
    let failing = true;
    stubShard((original, args) => (failing ? Promise.reject(new Error('shard down')) : original(...args)));
    for (let i = 0; i < 1030; i++) {
      hits.inc({ series: 's0' });
      await registry!.flush();
    }
    const held = registry!.status().pendingBatches;
    expect(held).to.equal(1024);
    for (const s of SERIES) hits.inc({ series: s }, 2);
    await registry!.flush();
    expect(registry!.status().pendingBatches, 'no new batch while 1024 are held').to.equal(1024);
    failing = false;
    expect(await registry!.flush()).to.equal(true);
    const found = await values(ctx.redis, ctx.namespace);
    for (const s of SERIES) expect(found.get(s), s).to.equal(s === 's0' ? 1 + 1030 + 2 : 3);
  });
});
