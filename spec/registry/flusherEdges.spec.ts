import { expect } from 'chai';
import * as sinon from 'sinon';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import type { BatchResult, WriteBatch } from '../../lib/store/Store';
import { FlakyStore } from '../reliability/flakyStore';

/** A store that answers its next write with no result at all (as a broken client might), and counts writes. */
class ShortAnswerStore extends MemoryStore {
  shortAnswers = 0;
  writes = 0;
  override async write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    this.writes++;
    if (this.shortAnswers-- > 0) return [];
    return super.write(namespace, writerId, batches);
  }
}

/** A FlakyStore that can interrupt its hung writes, as RedisStore does by closing its connection. */
class InterruptibleStore extends FlakyStore {
  interrupts = 0;
  interruptThrows = false;
  interrupt(): void {
    this.interrupts++;
    if (this.interruptThrows) throw new Error('cannot interrupt');
  }
}

describe('Flusher: answers, interrupts, overlapping flushes and the interval during a retry', () => {
  const registries: CollectorRegistry[] = [];
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(async () => {
    clock?.restore();
    clock = undefined;
    for (const r of registries.splice(0)) await r.close(100);
  });

  it('should treat a batch without a result as not acknowledged, report it, and send it again once', async () => {
    const store = new ShortAnswerStore();
    const errors: Error[] = [];
    const registry = new CollectorRegistry({ store, namespace: 'short', flushIntervalMs: 0, retryDelayMs: 60_000, onError: (e) => errors.push(e) });
    registries.push(registry);
    const c = registry.register(new Counter({ name: 'hits_total', description: 'x' }));
    c.inc(3);
    store.shortAnswers = 1;
    expect(await registry.flush()).to.equal(false);
    expect(errors.map((e) => [e.constructor.name, e.message])).to.deep.equal([['FlushError', 'flush to namespace "short" failed: no result for batch 1']]);
    expect(registry.status().pendingBatches).to.equal(1);
    expect(registry.status().flushErrors).to.equal(1);
    expect(await registry.flush()).to.equal(true);
    expect(store.fields('short').get('hits_total::')).to.equal('3');
  });

  it('should interrupt the store when a write times out, and go on when the store cannot interrupt', async () => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    const store = new InterruptibleStore();
    const errors: Error[] = [];
    const registry = new CollectorRegistry({ store, namespace: 'stuck', flushIntervalMs: 0, flushTimeoutMs: 100, retryDelayMs: 60_000, onError: (e) => errors.push(e) });
    registries.push(registry);
    const c = registry.register(new Counter({ name: 'hits_total', description: 'x' }));
    store.mode = 'hang';
    store.interruptThrows = true;
    let flushing = registry.flush();
    await clock.tickAsync(99);
    expect(store.interrupts).to.equal(0);
    await clock.tickAsync(1);
    expect(await flushing).to.equal(false);
    expect(store.interrupts).to.equal(1);
    expect(errors.map((e) => e.constructor.name)).to.deep.equal(['FlushTimeoutError']);
    store.mode = 'up';
    store.release(); // answered late: applied
    await clock.tickAsync(0);
    c.inc();
    flushing = registry.flush();
    await clock.tickAsync(0);
    expect(await flushing).to.equal(true);
    expect(store.value('stuck', 'hits_total::')).to.equal(1);
  });

  it('should share one follow-up flush among calls made while a flush runs, and deliver what each call saw', async () => {
    const store = new FlakyStore();
    const registry = new CollectorRegistry({ store, namespace: 'overlap', flushIntervalMs: 0, onError: () => undefined });
    registries.push(registry);
    const c = registry.register(new Counter({ name: 'hits_total', description: 'x' }));
    expect(await registry.flush()).to.equal(true);
    const writes = store.writes;
    store.mode = 'hang';
    c.inc();
    const first = registry.flush();
    c.inc(10);
    const second = registry.flush();
    c.inc(100);
    const third = registry.flush();
    expect(third).to.equal(second);
    expect(first).not.to.equal(second);
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.writes).to.equal(writes + 1); // the follow-up waits for the running flush
    store.mode = 'up';
    store.release();
    expect(await Promise.all([first, second, third])).to.deep.equal([true, true, true]);
    expect(store.writes).to.equal(writes + 2);
    expect(store.value('overlap', 'hits_total::')).to.equal(111);
    c.inc(1000);
    expect(await registry.flush()).to.equal(true); // a new flush, not the shared one
    expect(store.value('overlap', 'hits_total::')).to.equal(1111);
  });

  it('should skip the flushes of the interval while a retry is scheduled, and retry when it is due', async () => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    sinon.stub(Math, 'random').returns(0);
    try {
      const store = new FlakyStore();
      const registry = new CollectorRegistry({ store, namespace: 'interval', flushIntervalMs: 100, retryDelayMs: 1000, onError: () => undefined });
      registries.push(registry);
      registry.register(new Counter({ name: 'hits_total', description: 'x' })).inc();
      store.mode = 'down';
      await clock.tickAsync(100);
      expect(store.writes).to.equal(1);
      expect(registry.status().retrying).to.equal(true);
      await clock.tickAsync(999); // nine interval ticks pass
      expect(store.writes).to.equal(1);
      store.mode = 'up';
      await clock.tickAsync(1);
      expect(store.writes).to.equal(2); // the retry
      expect(registry.status().retrying).to.equal(false);
      expect(store.value('interval', 'hits_total::')).to.equal(1);
    } finally {
      (Math.random as sinon.SinonStub).restore();
    }
  });
});
