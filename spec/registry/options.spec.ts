import { expect } from 'chai';
import * as sinon from 'sinon';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry, CollectorRegistryOptions } from '../../lib/registry/CollectorRegistry';
import { FlakyStore } from '../reliability/flakyStore';

/** The options of CollectorRegistry: what each refuses, with its message, and what each default does (fake clock). */
describe('CollectorRegistry options', () => {
  let store: FlakyStore;
  const made: CollectorRegistry[] = [];
  function registry(options: Partial<CollectorRegistryOptions> = {}): CollectorRegistry {
    const r = new CollectorRegistry({ store, namespace: 'opts', onError: () => undefined, ...options });
    made.push(r);
    return r;
  }
  beforeEach(() => {
    store = new FlakyStore();
  });
  afterEach(async () => {
    store.mode = 'up';
    store.release();
    for (const r of made.splice(0)) await r.close(0);
  });

  describe('checks', () => {
    it('should need an options object', () => {
      for (const bad of [undefined, null, 'opts', 3]) {
        expect(() => new CollectorRegistry(bad as any), String(bad)).to.throw(TypeError, 'CollectorRegistry needs an options object');
      }
    });

    it('should refuse an option it does not know, naming the registry and the nearest option', () => {
      expect(() => registry({ flushIntervalMS: 5 } as any)).to.throw(TypeError, 'CollectorRegistry: unknown option "flushIntervalMS" (did you mean "flushIntervalMs"?)');
    });

    it('should refuse a flush interval that is not a number of milliseconds from 0 to 2^31 - 1', () => {
      for (const bad of [-1, NaN, 2 ** 31, '10', Infinity]) {
        expect(() => registry({ flushIntervalMs: bad as any }), String(bad)).to.throw(
          RangeError,
          `flushIntervalMs must be a number of milliseconds >= 0, got ${String(bad)}`,
        );
      }
      expect(() => registry({ flushIntervalMs: 0 })).not.to.throw();
      expect(() => registry({ flushIntervalMs: 2 ** 31 - 1 })).not.to.throw();
    });

    it('should refuse timeouts and delays that are not whole numbers of milliseconds from 1 to 2^31 - 1', () => {
      for (const option of ['flushTimeoutMs', 'retryDelayMs'] as const) {
        for (const bad of [0, -1, 1.5, NaN, 2 ** 31, '5']) {
          expect(() => registry({ [option]: bad as any }), `${option} ${String(bad)}`).to.throw(
            RangeError,
            `${option} must be a whole number of milliseconds >= 1, got ${String(bad)}`,
          );
        }
        expect(() => registry({ [option]: 1 })).not.to.throw();
        expect(() => registry({ [option]: 2 ** 31 - 1, maxRetryDelayMs: 2 ** 31 - 1 })).not.to.throw();
      }
    });

    it('should refuse a longest retry delay shorter than the first one, and default it to at least the first', () => {
      expect(() => registry({ retryDelayMs: 200, maxRetryDelayMs: 199 })).to.throw(RangeError, 'maxRetryDelayMs must be a whole number of milliseconds >= 200, got 199');
      expect(() => registry({ retryDelayMs: 200, maxRetryDelayMs: 200 })).not.to.throw();
      expect(() => registry({ retryDelayMs: 20_000 })).not.to.throw(); // the default longest delay, 10 s, grows to 20 s
    });

    it('should refuse a buffer bound that is not a whole number >= 1, and take Infinity', () => {
      for (const bad of [0, -1, 1.5, NaN, '10', -Infinity]) {
        expect(() => registry({ maxBufferedSeries: bad as any }), String(bad)).to.throw(
          RangeError,
          `maxBufferedSeries must be a whole number >= 1 or Infinity, got ${String(bad)}`,
        );
      }
      expect(() => registry({ maxBufferedSeries: 1 })).not.to.throw();
      expect(() => registry({ maxBufferedSeries: Infinity })).not.to.throw();
    });
  });

  describe('defaults (fake clock)', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'Date', 'performance'] });
      sinon.stub(Math, 'random').returns(0); // no jitter
    });
    afterEach(async () => {
      store.mode = 'up';
      store.release();
      const closing = Promise.all(made.splice(0).map((r) => r.close(0)));
      await clock.tickAsync(100);
      await closing;
      clock.restore();
    });

    it('should flush every second, and not in eager mode', async () => {
      const r = registry();
      expect(r.eager).to.equal(false);
      r.register(new Counter({ name: 'hits_total', description: 'x' })).inc();
      await clock.tickAsync(999);
      expect(store.writes).to.equal(0);
      await clock.tickAsync(1);
      expect(store.writes).to.equal(1);
      await clock.tickAsync(1000);
      expect(store.writes).to.equal(1); // nothing new to send
    });

    it('should wait 10 s for an answer', async () => {
      const r = registry({ flushIntervalMs: 0 });
      r.register(new Counter({ name: 'hits_total', description: 'x' })).inc();
      store.mode = 'hang';
      let done: boolean | undefined;
      void r.flush().then((ok) => (done = ok));
      await clock.tickAsync(9_999);
      expect(done).to.equal(undefined);
      await clock.tickAsync(1);
      expect(done).to.equal(false);
    });

    it('should retry after 100 ms, doubling up to 10 s, and start again from 100 ms after a success', async () => {
      const r = registry({ flushIntervalMs: 0 });
      const hits = r.register(new Counter({ name: 'hits_total', description: 'x' }));
      hits.inc();
      store.mode = 'down';
      const times: number[] = [];
      const write = store.write.bind(store);
      store.write = (...args) => {
        times.push(Date.now());
        return write(...args);
      };
      const start = Date.now();
      expect(await r.flush()).to.equal(false);
      await clock.tickAsync(40_000);
      const gaps = times.slice(1).map((t, i) => t - times[i]);
      expect(times[0]).to.equal(start);
      expect(gaps.slice(0, 9)).to.deep.equal([100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]);
      expect(r.status().retrying).to.equal(true);
      store.mode = 'up';
      await clock.tickAsync(10_000);
      expect(r.status()).to.deep.include({ retrying: false, pendingBatches: 0, bufferedSeries: 0 });
      store.mode = 'down';
      hits.inc();
      times.length = 0;
      expect(await r.flush()).to.equal(false);
      await clock.tickAsync(300);
      expect(times.slice(1).map((t, i) => t - times[i])).to.deep.equal([100, 200]);
    });
  });
});
