// @ts-nocheck
import { expect } from 'chai';
import * as sinon from 'sinon';
import { time } from '../../lib/instrument/time';
import { timed } from '../../lib/instrument/timed';
import { timer } from '../../lib/instrument/timer';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { useNamespace } from '../support/redis';
import { deferred, newRegistry, only, scrape } from './support';

/** The samples of one observation of `seconds` in a histogram with buckets 0.1, 0.5, 1 (labels before `le`). */
function oneObservation(name: string, seconds: number, labels = ''): Record<string, number> {
  const l = labels === '' ? '' : `${labels},`;
  const braces = labels === '' ? '' : `{${labels}}`;
  return {
    [`${name}_bucket{${l}le="0.1"}`]: seconds <= 0.1 ? 1 : 0,
    [`${name}_bucket{${l}le="0.5"}`]: seconds <= 0.5 ? 1 : 0,
    [`${name}_bucket{${l}le="1"}`]: seconds <= 1 ? 1 : 0,
    [`${name}_bucket{${l}le="+Inf"}`]: 1,
    [`${name}_sum${braces}`]: seconds,
    [`${name}_count${braces}`]: 1,
  };
}

describe('instrument/time', () => {
  const ctx = useNamespace('time');
  const buckets = [0.1, 0.5, 1];

  describe('@histogram.time', () => {
    it('should observe a sync call in seconds, exactly, with a fake clock', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const latency = registry.register(new Histogram({ name: 'sync_seconds', description: 'Latency', buckets }));
      const clock = sinon.useFakeTimers({ toFake: ['performance'] });
      class Service {
        @latency.time
        work() {
          clock.tick(250);
          return 'done';
        }
      }
      expect(new Service().work()).to.equal('done');
      clock.restore();
      expect(only(await scrape(registry, ctx.redis), 'sync_seconds')).to.deep.equal(oneObservation('sync_seconds', 0.25));
    });

    it('should time an async method until its promise settles', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const latency = registry.register(new Histogram({ name: 'async_seconds', description: 'Latency', buckets }));
      const clock = sinon.useFakeTimers({ toFake: ['performance'] });
      const gate = deferred<number>();
      class Service {
        @latency.time
        async place(id: number) {
          const n = await gate.promise;
          return id + n;
        }
      }
      const pending = new Service().place(1);
      clock.tick(700);
      gate.resolve(1);
      expect(await pending).to.equal(2);
      clock.restore();
      expect(only(await scrape(registry, ctx.redis), 'async_seconds')).to.deep.equal(oneObservation('async_seconds', 0.7));
    });

    it('should observe milliseconds with milliseconds: true, and rethrow while still timing', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const latency = registry.register(
        new Histogram({ name: 'ms_milliseconds', description: 'Latency', allowedLabels: ['step', 'outcome'], buckets: [100, 500, 1000] }),
      );
      const clock = sinon.useFakeTimers({ toFake: ['performance'] });
      const failure = new Error('card declined');
      class Service {
        @latency.time({ labels: { step: 'charge' }, milliseconds: true, outcomeLabel: 'outcome' })
        async charge(ok: boolean) {
          clock.tick(40);
          if (!ok) throw failure;
          return 'charged';
        }
      }
      const s = new Service();
      expect(await s.charge(true)).to.equal('charged');
      expect(await s.charge(false).catch((e: unknown) => e)).to.equal(failure);
      clock.restore();
      const samples = only(await scrape(registry, ctx.redis), 'ms_milliseconds');
      expect(samples['ms_milliseconds_sum{outcome="success",step="charge"}']).to.equal(40);
      expect(samples['ms_milliseconds_sum{outcome="error",step="charge"}']).to.equal(40);
      expect(samples['ms_milliseconds_bucket{outcome="error",step="charge",le="100"}']).to.equal(1);
      expect(samples['ms_milliseconds_count{outcome="success",step="charge"}']).to.equal(1);
    });

    it('should time real work in a plausible range without a fake clock', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const latency = registry.register(new Histogram({ name: 'real_seconds', description: 'Latency', buckets }));
      class Service {
        @latency.time
        async nap() {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      await new Service().nap();
      const samples = only(await scrape(registry, ctx.redis), 'real_seconds');
      expect(samples.real_seconds_count).to.equal(1);
      expect(samples.real_seconds_sum).to.be.within(0.015, 5);
    });
  });

  describe('@summary.time', () => {
    it('should observe durations into a summary', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const latency = registry.register(new Summary({ name: 'quote_seconds', description: 'Quotes', allowedLabels: ['source'], quantiles: [0.5] }));
      const clock = sinon.useFakeTimers({ toFake: ['performance'] });
      class Client {
        @latency.time({ labels: { source: 'bank' } })
        fetch(ms: number) {
          clock.tick(ms);
        }
      }
      const c = new Client();
      for (const ms of [100, 200, 300]) c.fetch(ms);
      clock.restore();
      const samples = only(await scrape(registry, ctx.redis), 'quote_seconds');
      expect(samples['quote_seconds_sum{source="bank"}']).to.be.closeTo(0.6, 1e-9);
      expect(samples['quote_seconds_count{source="bank"}']).to.equal(3);
      expect(samples['quote_seconds{source="bank",quantile="0.5"}']).to.be.closeTo(0.2, 0.2 * 0.02);
    });
  });

  describe('time()', () => {
    it('should be the generic twin on histograms, with static labels', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const latency = registry.register(new Histogram({ name: 'place_seconds', description: 'Latency', allowedLabels: ['step'], buckets }));
      const clock = sinon.useFakeTimers({ toFake: ['performance'] });
      class Service {
        @time(latency, { labels: { step: 'charge' } })
        static charge() {
          clock.tick(1500);
        }
      }
      Service.charge();
      clock.restore();
      expect(only(await scrape(registry, ctx.redis), 'place_seconds')).to.deep.equal(oneObservation('place_seconds', 1.5, 'step="charge"'));
    });

    it('should throw at once for a metric that does not observe', () => {
      expect(() => time({ type: 'counter', name: 'x_total' } as never)).to.throw(TypeError, 'time needs a histogram or summary metric');
    });
  });

  describe('timer()', () => {
    it('should observe when disposed by using, and end(labels) should add labels and return the duration', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const latency = registry.register(new Histogram({ name: 'timer_seconds', description: 'Latency', allowedLabels: ['step', 'code'], buckets }));
      const clock = sinon.useFakeTimers({ toFake: ['performance'] });
      {
        using _t = timer(latency, { labels: { step: 'db' } });
        clock.tick(50);
      }
      const t = timer(latency, { labels: { step: 'http' } });
      clock.tick(600);
      expect(t.end({ code: 200 })).to.equal(0.6);
      clock.tick(100);
      expect(t.end({ code: 500 })).to.equal(0.6); // only the first end observes
      t[Symbol.dispose]();
      const ms = timer(latency, { milliseconds: true });
      clock.tick(3);
      expect(ms.end()).to.equal(3);
      clock.restore();
      const samples = only(await scrape(registry, ctx.redis), 'timer_seconds');
      expect(samples).to.include({
        'timer_seconds_sum{step="db"}': 0.05,
        'timer_seconds_count{step="db"}': 1,
        'timer_seconds_sum{code="200",step="http"}': 0.6,
        'timer_seconds_count{code="200",step="http"}': 1,
        timer_seconds_sum: 3,
      });
      expect(samples).not.to.have.property('timer_seconds_count{code="500",step="http"}');
    });

    it('should throw for an unknown label: at creation for static ones, at end for end labels', () => {
      const latency = new Histogram({ name: 'strict_seconds', description: 'Latency', allowedLabels: ['step'] });
      expect(() => timer(latency, { labels: { nope: 1 } as never })).to.throw(TypeError, 'unknown label "nope"');
      const t = timer(latency);
      expect(() => t.end({ bad: 1 } as never)).to.throw(TypeError, 'unknown label "bad"');
    });
  });

  describe('timed()', () => {
    it('should return fn\'s result (a promise settling alike), time it, and rethrow its error unchanged', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const latency = registry.register(new Histogram({ name: 'timed_seconds', description: 'Latency', allowedLabels: ['outcome'], buckets }));
      const clock = sinon.useFakeTimers({ toFake: ['performance'] });
      const quote = Promise.resolve({ price: 3 });
      const returned = timed(latency, () => {
        clock.tick(200);
        return quote;
      }, { outcomeLabel: 'outcome' });
      expect(await returned).to.equal(await quote);
      const err = new Error('down');
      expect(() =>
        timed(latency, () => {
          clock.tick(2000);
          throw err;
        }, { outcomeLabel: 'outcome' }),
      ).to.throw().that.equals(err);
      expect(timed(latency, () => 5, { milliseconds: true, labels: { outcome: 'fixed' } })).to.equal(5);
      clock.restore();
      const samples = only(await scrape(registry, ctx.redis), 'timed_seconds');
      expect(samples).to.include({
        'timed_seconds_sum{outcome="success"}': 0.2,
        'timed_seconds_bucket{outcome="success",le="0.5"}': 1,
        'timed_seconds_sum{outcome="error"}': 2,
        'timed_seconds_bucket{outcome="error",le="1"}': 0,
        'timed_seconds_bucket{outcome="error",le="+Inf"}': 1,
        'timed_seconds_sum{outcome="fixed"}': 0,
      });
    });
  });
});
