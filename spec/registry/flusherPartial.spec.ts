import { expect } from 'chai';
import { ShardWriteError } from '../../lib/errors/ShardWriteError';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import type { BatchResult, WriteBatch } from '../../lib/store/Store';

/**
 * A store whose batches some shards may fail to apply: with `partial` set,
 * every batch gets a ShardWriteError and is not applied (the shards that
 * would have applied it are not modelled), and `answered` lists sequence
 * numbers it answers as applied anyway (as a store that applied them on
 * every shard would). Counts writes and batches sent.
 */
class PartialStore extends MemoryStore {
  partial = false;
  answered = new Set<number>();
  writes = 0;
  override async write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    this.writes++;
    if (!this.partial) return super.write(namespace, writerId, batches);
    return batches.map((b) => (this.answered.has(b.seq) ? [] : new ShardWriteError(namespace, [`${namespace}#1`], new Error('shard down'))));
  }
}

describe('Flusher: batches some shards did not apply', () => {
  const registries: CollectorRegistry[] = [];
  afterEach(async () => {
    for (const r of registries.splice(0)) await r.close(100);
  });

  function registryOf(store: PartialStore, options: { flushIntervalMs?: number } = {}) {
    const registry = new CollectorRegistry({ store, namespace: 'partial', flushIntervalMs: 0, retryDelayMs: 60_000, onError: () => undefined, ...options });
    registries.push(registry);
    return { registry, hits: registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['n'] })) };
  }

  it('should acknowledge batches in order: a batch answered as applied after one that was not stays unacknowledged', async () => {
    const store = new PartialStore();
    const { registry, hits } = registryOf(store);
    store.partial = true;
    hits.inc(1, { n: 'a' });
    expect(await registry.flush()).to.equal(false);
    // batch 2 is answered as applied while batch 1 is still not
    store.answered.add(2);
    hits.inc(2, { n: 'a' });
    expect(await registry.flush()).to.equal(false);
    expect(registry.status().pendingBatches, 'batch 1 and batch 2').to.equal(2);
    store.partial = false;
    store.answered.clear();
    expect(await registry.flush()).to.equal(true);
    expect(store.fields('partial').get('hits_total::n="a"')).to.equal('3');
  });

  it('should stop making new batches once the held ones hold 16 MiB of writes', async () => {
    const store = new PartialStore();
    const { registry, hits } = registryOf(store);
    store.partial = true;
    const long = 'x'.repeat(1000);
    const held: number[] = [];
    for (let round = 0; round < 16; round++) {
      // about 1.6 MB of writes per flush
      for (let i = 0; i < 1500; i++) hits.inc(1, { n: `${long}${i}` });
      await registry.flush();
      held.push(registry.status().pendingBatches);
    }
    const last = held[held.length - 1];
    expect(last).to.be.below(1024);
    expect(held.slice(-3), `held batches after each flush: ${held.join(', ')}`).to.deep.equal([last, last, last]);
    expect(held[0]).to.be.below(last);
    store.partial = false;
    expect(await registry.flush()).to.equal(true);
    expect(store.fields('partial').get(`hits_total::n="${long}7"`)).to.equal("16");
  });

  it('should go on flushing at the interval while only some shards fail, without waiting for the retry delay', async () => {
    const store = new PartialStore();
    const { registry, hits } = registryOf(store, { flushIntervalMs: 20 });
    hits.inc(1, { n: 'a' });
    expect(await registry.flush()).to.equal(true);
    store.partial = true;
    hits.inc(1, { n: 'a' });
    expect(await registry.flush()).to.equal(false);
    const before = store.writes;
    for (let i = 0; i < 10; i++) {
      hits.inc(1, { n: 'a' });
      await new Promise((r) => setTimeout(r, 30));
    }
    // the retry is 60 s away: only the interval's flushes wrote meanwhile
    expect(store.writes - before).to.be.at.least(5);
    expect(registry.status().pendingBatches).to.be.at.least(5);
  });
});
