import { expect } from 'chai';
import * as sinon from 'sinon';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { CollectorRegistry, CollectorRegistryOptions } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import type { BatchResult, WriteBatch } from '../../lib/store/Store';

/** A MemoryStore whose writes fail while `down` is set. */
class SwitchStore extends MemoryStore {
  down = false;
  override async write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    if (this.down) throw new Error('connection refused');
    return super.write(namespace, writerId, batches);
  }
}

/** close(): the goodbye that takes this process's per-process values out, the store's close, and the cleaner of dead processes. */
describe('registry: close, goodbye and the cleaner (in process)', () => {
  const NS = 'bye';
  let store: SwitchStore;
  let errors: Error[];
  const registries: CollectorRegistry[] = [];
  function registry(options: Partial<CollectorRegistryOptions> = {}): CollectorRegistry {
    const r = new CollectorRegistry({ store, namespace: NS, flushIntervalMs: 0, retryDelayMs: 10, onError: (e) => errors.push(e), ...options });
    registries.push(r);
    return r;
  }
  const writers = async () => (await store.readProcesses(NS)).processes;

  beforeEach(() => {
    store = new SwitchStore();
    errors = [];
  });
  afterEach(async () => {
    sinon.restore();
    store.down = false;
    for (const r of registries.splice(0)) await r.close(100);
  });

  describe('goodbye', () => {
    it('should take this process\'s per-process values out of the namespace once everything is delivered', async () => {
      const r = registry();
      r.register(new Gauge({ name: 'heap_bytes', description: 'x', aggregate: 'perProcess' })).set(5);
      expect(await r.flush()).to.equal(true);
      expect([...(await writers()).keys()]).to.deep.equal([r.writerId]);
      const forget = sinon.spy(store, 'forget');
      expect(await r.close(1000)).to.equal(true);
      expect(forget.args).to.deep.equal([[NS, r.writerId]]);
      expect([...(await writers()).keys()]).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
    });

    it('should not say goodbye when close could not deliver everything: the values stay for the cleaner', async () => {
      const r = registry();
      r.register(new Gauge({ name: 'heap_bytes', description: 'x', aggregate: 'perProcess' })).set(5);
      expect(await r.flush()).to.equal(true);
      r.register(new Counter({ name: 'hits_total', description: 'x' })).inc();
      store.down = true;
      const forget = sinon.spy(store, 'forget');
      expect(await r.close(50)).to.equal(false);
      expect(forget.callCount).to.equal(0);
      expect(errors.at(-1)!.constructor.name).to.equal('CloseTimeoutError');
      // the counter, and the gauge queued again because the first heartbeat found the new writer unknown
      expect(errors.at(-1)!.message).to.equal(`close of namespace "${NS}" gave up after 50 ms: updates of 2 series (1 batches) did not reach Redis`);
    });

    it('should report a goodbye that fails and still resolve true', async () => {
      const r = registry();
      sinon.stub(store, 'forget').rejects(new Error('forget refused'));
      expect(await r.close(1000)).to.equal(true);
      expect(errors.map((e) => e.constructor.name)).to.deep.equal(['FlushError']);
      expect(errors[0].message).to.contain('could not say goodbye: forget refused');
    });

    it('should wait at least half a second for the goodbye, even when close has no time left', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      const r = registry();
      let answer: (v: boolean) => void = () => undefined;
      sinon.stub(store, 'forget').callsFake(() => new Promise<boolean>((resolve) => (answer = resolve)));
      let closed: boolean | undefined;
      void r.close(10).then((ok) => (closed = ok));
      await clock.tickAsync(499);
      expect(closed).to.equal(undefined);
      await clock.tickAsync(1);
      expect(closed).to.equal(true);
      answer(true);
    });

    it('should report a store whose close fails, and still resolve', async () => {
      const r = registry();
      sinon.stub(store, 'close').rejects(new Error('close refused'));
      expect(await r.close(1000)).to.equal(true);
      expect(errors.map((e) => e.message)).to.deep.equal(['close refused']);
    });

    it('should return the same promise when closed twice, and flush no more after close', async () => {
      const r = registry();
      const first = r.close(1000);
      expect(r.close(5)).to.equal(first);
      expect(await first).to.equal(true);
      r.register(new Counter({ name: 'late_total', description: 'x' })).inc();
      expect(await r.flush()).to.equal(false);
      expect(store.fields(NS).has('late_total::')).to.equal(false);
    });
  });

  describe('the cleaner', () => {
    it('should clean dead processes every cleanupIntervalMs with processRetentionMs, and stop on close', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      const clean = sinon.spy(store, 'cleanProcesses');
      const r = registry({ cleanupIntervalMs: 2000, processRetentionMs: 30_000 });
      await clock.tickAsync(1999);
      expect(clean.callCount).to.equal(0);
      await clock.tickAsync(1);
      expect(clean.args).to.deep.equal([[NS, 30_000]]);
      await clock.tickAsync(2000);
      expect(clean.callCount).to.equal(2);
      const closing = r.close(100);
      await clock.tickAsync(10_000);
      expect(await closing).to.equal(true);
      expect(clean.callCount).to.equal(2);
    });

    it('should clean every minute with a retention of an hour by default, and never with cleanupIntervalMs 0', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      const clean = sinon.spy(store, 'cleanProcesses');
      registry();
      registry({ cleanupIntervalMs: 0 });
      await clock.tickAsync(59_999);
      expect(clean.callCount).to.equal(0);
      await clock.tickAsync(1);
      expect(clean.args).to.deep.equal([[NS, 3_600_000]]);
      await clock.tickAsync(120_000);
      expect(clean.callCount).to.equal(3);
    });

    it('should report a clean-up that fails, as a FlushError naming what it could not do', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      sinon.stub(store, 'cleanProcesses').rejects(new Error('lock refused'));
      registry({ cleanupIntervalMs: 1000 });
      await clock.tickAsync(1000);
      expect(errors.map((e) => [e.constructor.name, e.message.includes('could not delete the data of dead processes: lock refused')])).to.deep.equal([
        ['FlushError', true],
      ]);
    });
  });
});
