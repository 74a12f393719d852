// @ts-nocheck
import { expect } from 'chai';
import { track, tracked } from '../../lib/instrument/gaugeTrack';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { useNamespace } from '../support/redis';
import { deferred, newRegistry, only, scrape } from './support';

describe('instrument/gaugeTrack', () => {
  const ctx = useNamespace('track');

  describe('@gauge.track', () => {
    it('should count calls in progress: up on entry, down when the promise settles', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const running = registry.register(new Gauge({ name: 'jobs_running', description: 'Jobs running', allowedLabels: ['queue'] }));
      const gates = [deferred(), deferred(), deferred()];
      class Worker {
        @running.track({ labels: { queue: 'mail' } })
        async run(i: number) {
          await gates[i].promise;
          if (i === 2) throw new Error('job failed');
          return i;
        }
      }
      const w = new Worker();
      const calls = [w.run(0), w.run(1), w.run(2).catch((e: Error) => e.message)];
      expect(only(await scrape(registry, ctx.redis), 'jobs_running')).to.deep.equal({ 'jobs_running{queue="mail"}': 3 });
      gates[0].resolve();
      gates[2].resolve();
      expect(await calls[0]).to.equal(0);
      expect(await calls[2]).to.equal('job failed');
      expect(only(await scrape(registry, ctx.redis), 'jobs_running')).to.deep.equal({ 'jobs_running{queue="mail"}': 1 });
      gates[1].resolve();
      await calls[1];
      expect(only(await scrape(registry, ctx.redis), 'jobs_running')).to.deep.equal({ 'jobs_running{queue="mail"}': 0 });
    });

    it('should go back down after a sync call that throws, and rethrow it unchanged', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const inFlight = registry.register(new Gauge({ name: 'in_flight', description: 'In flight' }));
      const err = new Error('nope');
      let during = -1;
      class Service {
        @inFlight.track
        sync() {
          during = (inFlight as any)._dirty[0]?.value;
          throw err;
        }
      }
      expect(() => new Service().sync()).to.throw().that.equals(err);
      expect(during).to.equal(1);
      expect(only(await scrape(registry, ctx.redis), 'in_flight')).to.deep.equal({ in_flight: 0 });
    });
  });

  describe('track() and tracked()', () => {
    it('should be the generic twins of @gauge.track', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const active = registry.register(new Gauge({ name: 'active', description: 'Active', allowedLabels: ['kind'] }));
      const gate = deferred<string>();
      class Service {
        @track(active, { labels: { kind: 'static' } })
        static wait() {
          return gate.promise;
        }
      }
      const pending = Service.wait();
      const viaFn = tracked(active, () => gate.promise, { labels: { kind: 'fn' } });
      expect(only(await scrape(registry, ctx.redis), 'active')).to.deep.equal({ 'active{kind="fn"}': 1, 'active{kind="static"}': 1 });
      gate.resolve('ok');
      expect(await pending).to.equal('ok');
      expect(await viaFn).to.equal('ok');
      expect(only(await scrape(registry, ctx.redis), 'active')).to.deep.equal({ 'active{kind="fn"}': 0, 'active{kind="static"}': 0 });
    });

    it('should refuse a metric that is not a gauge', () => {
      const c = new Counter({ name: 'not_gauge_total', description: 'x' });
      expect(() => track(c as never)).to.throw(TypeError, 'track needs a gauge metric, got an object (a counter)');
    });
  });
});
