import { expect } from 'chai';
import * as sinon from 'sinon';
import { FlushTimeoutError } from '../../lib/errors/FlushTimeoutError';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { FlakyStore } from '../reliability/flakyStore';

/** Flusher timing with a fake clock: a write that hangs, the stall limit, and the retries of close(). */
describe('Flusher: timeouts, stalls and the retries of close (fake clock)', () => {
  let clock: sinon.SinonFakeTimers;
  let store: FlakyStore;
  let errors: Error[];
  let registry: CollectorRegistry;
  let hits: Counter;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    sinon.stub(Math, 'random').returns(0); // no jitter: delays as configured
    store = new FlakyStore();
    errors = [];
    registry = new CollectorRegistry({
      store,
      namespace: 'timing',
      flushIntervalMs: 0,
      flushTimeoutMs: 100,
      retryDelayMs: 50,
      maxRetryDelayMs: 400,
      onError: (e) => errors.push(e),
    });
    hits = registry.register(new Counter({ name: 'hits_total', description: 'x' }));
  });
  afterEach(async () => {
    store.mode = 'up';
    store.release();
    const closing = registry.close(1000);
    await clock.tickAsync(2000);
    await closing;
    clock.restore();
  });

  /** flushFor starts a flush and lets `ms` of fake time pass. */
  async function flushFor(ms: number): Promise<boolean> {
    const flushing = registry.flush();
    await clock.tickAsync(ms);
    return flushing;
  }

  describe('a write that is not answered', () => {
    it('should time out after flushTimeoutMs, and send nothing more until it is answered or five timeouts have passed', async () => {
      expect(await flushFor(0)).to.equal(true);
      store.mode = 'hang';
      hits.inc();
      const flushing = registry.flush();
      await clock.tickAsync(99);
      expect(errors).to.have.length(0);
      await clock.tickAsync(1);
      expect(await flushing).to.equal(false);
      expect(errors.map((e) => [e.constructor.name, (e as FlushTimeoutError).stalled])).to.deep.equal([['FlushTimeoutError', false]]);
      const writes = store.writes;
      // the stall began when the write timed out; for five timeouts (500 ms) after that, flushes wait for the hung write and send nothing
      await clock.tickAsync(498);
      expect(await registry.flush()).to.equal(false);
      expect(store.writes).to.equal(writes);
      expect(errors.at(-1)).to.be.instanceOf(FlushTimeoutError).with.property('stalled', true);
      // 500 ms after: the write is given up and the batches are sent again
      await clock.tickAsync(2);
      store.mode = 'up';
      expect(await flushFor(0)).to.equal(true);
      expect(store.writes).to.equal(writes + 1);
      store.release(); // the hung write is answered late: applied once all the same
      await clock.tickAsync(0);
      expect(store.value('timing', 'hits_total::')).to.equal(1);
    });

    it('should send again as soon as the hung write is answered', async () => {
      expect(await flushFor(0)).to.equal(true);
      store.mode = 'hang';
      hits.inc();
      expect(await flushFor(100)).to.equal(false);
      store.mode = 'up';
      store.release();
      await clock.tickAsync(0);
      const writes = store.writes;
      expect(await flushFor(0)).to.equal(true);
      expect(store.writes).to.equal(writes + 1);
      expect(errors.filter((e) => (e as FlushTimeoutError).stalled)).to.have.length(0);
    });
  });

  describe('close', () => {
    it('should retry with backoff within its timeout and resolve true once everything is delivered', async () => {
      hits.inc(5);
      store.mode = 'down';
      const closing = registry.close(1000);
      let closed: boolean | undefined;
      void closing.then((ok) => (closed = ok));
      await clock.tickAsync(0);
      expect(store.writes).to.equal(1);
      await clock.tickAsync(49);
      expect(store.writes).to.equal(1); // the first retry waits retryDelayMs
      await clock.tickAsync(1);
      expect(store.writes).to.equal(2);
      await clock.tickAsync(100);
      expect(store.writes).to.equal(3); // then twice as long
      store.mode = 'up';
      await clock.tickAsync(200);
      expect(store.writes).to.equal(4);
      expect(closed).to.equal(true);
      expect(store.value('timing', 'hits_total::')).to.equal(5);
    });

    it('should give up at its timeout, not before, resolve false and report what was not delivered', async () => {
      hits.inc();
      store.mode = 'down';
      const closing = registry.close(500);
      let closed: boolean | undefined;
      void closing.then((ok) => (closed = ok));
      await clock.tickAsync(499);
      expect(closed).to.equal(undefined);
      await clock.tickAsync(1);
      expect(closed).to.equal(false);
      expect(errors.at(-1)!.constructor.name).to.equal('CloseTimeoutError');
      expect(errors.at(-1)).to.deep.include({ timeoutMs: 500, pendingSeries: 1, pendingBatches: 1 });
    });
  });
});
