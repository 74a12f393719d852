// @ts-nocheck
import { expect } from 'chai';
import * as sinon from 'sinon';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { FlushScheduler } from '../../lib/integrations/FlushScheduler';
import { CountingStore } from './support';

describe('integrations/FlushScheduler', () => {
  function setup(options: ConstructorParameters<typeof FlushScheduler>[1]) {
    const store = new CountingStore();
    const registry = new CollectorRegistry({ store, namespace: 'sched', flushIntervalMs: 0 });
    const hits = registry.register(new Counter({ name: 'hits_total', description: 'Hits' }));
    return { store, registry, hits, scheduler: new FlushScheduler(registry, options) };
  }
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  describe('#request', () => {
    it('should start a flush at once by default', async () => {
      const { store, hits, scheduler } = setup({});
      hits.inc();
      scheduler.request();
      await settle();
      expect(store.writes).to.equal(1);
      expect(store.fields('sched').get('hits_total::')).to.equal('1');
    });

    it('should flush once per debounce window, after the window', async () => {
      const clock = sinon.useFakeTimers();
      const { store, hits, scheduler } = setup({ flushDebounceMs: 100 });
      for (let i = 0; i < 3; i++) {
        hits.inc();
        scheduler.request();
      }
      await settle();
      expect(store.writes).to.equal(0);
      await clock.tickAsync(99);
      expect(store.writes).to.equal(0);
      await clock.tickAsync(1);
      expect(store.writes).to.equal(1);
      expect(store.fields('sched').get('hits_total::')).to.equal('3');
      hits.inc();
      scheduler.request();
      await clock.tickAsync(100);
      expect(store.writes).to.equal(2);
      expect(store.fields('sched').get('hits_total::')).to.equal('4');
    });

    it('should not flush when flush is false', async () => {
      const { store, hits, scheduler } = setup({ flush: false });
      hits.inc();
      scheduler.request();
      await settle();
      expect(store.writes).to.equal(0);
    });

    it('should never throw, even when the registry does', () => {
      const { registry, scheduler } = setup({});
      sinon.stub(registry, 'flush').throws(new Error('broken'));
      expect(() => scheduler.request()).not.to.throw();
    });
  });

  it('should refuse a debounce time that is not a number of milliseconds >= 0', () => {
    const { registry } = setup({});
    expect(() => new FlushScheduler(registry, { flushDebounceMs: -5 })).to.throw(RangeError, /flushDebounceMs.*-5/);
    expect(() => new FlushScheduler(registry, { flushDebounceMs: NaN })).to.throw(RangeError, /NaN/);
  });
});
