// @ts-nocheck
import { expect } from 'chai';
import { AlreadyRegisteredError } from '../../lib/errors/AlreadyRegisteredError';
import { count } from '../../lib/instrument/count';
import { getInstrumentedMethods, INSTRUMENTED_METADATA, InstrumentationRecord } from '../../lib/instrument/metadata';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { useNamespace } from '../support/redis';
import { captureWarnings, newRegistry, only, scrape } from './support';

describe('instrument/metadata and the registry', () => {
  const ctx = useNamespace('meta');

  function makeServices() {
    const placed = new Counter({ name: 'orders_placed_total', description: 'Orders', allowedLabels: ['channel'] });
    const latency = new Histogram({ name: 'place_seconds', description: 'Latency', buckets: [1] });
    const running = new Gauge({ name: 'places_running', description: 'Running' });
    const audits = new Counter({ name: 'audits_total', description: 'Audits' });
    class BaseService {
      @audits.count
      audit() {}
    }
    class OrderService extends BaseService {
      @placed.count
      @latency.time
      place() {}
      @count(placed, { labels: { channel: 'api' } })
      charge() {}
      @running.track
      static warm() {}
    }
    return { placed, latency, running, audits, BaseService, OrderService };
  }

  describe('getInstrumentedMethods', () => {
    it('should list every decorated method, static and inherited ones included, and expose it through reflect-metadata', () => {
      const { placed, latency, running, audits, BaseService, OrderService } = makeServices();
      const listed = getInstrumentedMethods(OrderService).map((m) => [m.className, String(m.method), m.static, m.decorator, m.metric]);
      expect(listed).to.have.deep.members([
        ['OrderService', 'place', false, 'time', latency],
        ['OrderService', 'place', false, 'count', placed],
        ['OrderService', 'charge', false, 'count', placed],
        ['OrderService', 'warm', true, 'track', running],
        ['BaseService', 'audit', false, 'count', audits],
      ]);
      expect(getInstrumentedMethods(new OrderService())).to.have.length(5);
      const charge = getInstrumentedMethods(OrderService).find((m) => m.method === 'charge')!;
      expect(charge.options).to.deep.equal({ labels: { channel: 'api' } });
      const own = Reflect.getOwnMetadata(INSTRUMENTED_METADATA, OrderService) as InstrumentationRecord[];
      expect(own.map((r) => String(r.method))).to.have.members(['place', 'place', 'charge', 'warm']);
      expect((Reflect.getOwnMetadata(INSTRUMENTED_METADATA, BaseService) as InstrumentationRecord[]).map((r) => r.metric)).to.deep.equal([audits]);
    });

    it('should refuse what is neither a class nor an object', () => {
      expect(() => getInstrumentedMethods(42 as never)).to.throw(TypeError, 'expected a class or an instance, got number');
    });
  });

  describe('CollectorRegistry#registerInstrumented', () => {
    it('should register every metric a class uses, and list what is instrumented where', async () => {
      const { placed, latency, running, audits, OrderService } = makeServices();
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const registered = registry.registerInstrumented(OrderService);
      expect(registered).to.have.members([placed, latency, running, audits]);
      expect(registry.getMetrics()).to.have.members([placed, latency, running, audits]);
      expect(registry.registerInstrumented(new OrderService())).to.have.length(4); // again, from an instance: a no-op
      registry.unregister(audits);
      const list = registry.listInstrumented().map((m) => `${m.static ? 'static ' : ''}${m.className}.${String(m.method)} @${m.decorator} ${m.metric.name} ${m.registered}`);
      expect(list).to.have.members([
        'OrderService.place @time place_seconds true',
        'OrderService.place @count orders_placed_total true',
        'OrderService.charge @count orders_placed_total true',
        'static OrderService.warm @track places_running true',
        'BaseService.audit @count audits_total false',
      ]);
      new OrderService().place();
      new OrderService().charge();
      OrderService.warm();
      const samples = await scrape(registry, ctx.redis);
      expect(only(samples, 'orders_placed_total')).to.deep.equal({ orders_placed_total: 1, 'orders_placed_total{channel="api"}': 1 });
      expect(only(samples, 'place_seconds')).to.include({ place_seconds_count: 1 });
      expect(only(samples, 'places_running')).to.deep.equal({ places_running: 0 });
    });

    it('should register nothing when one metric clashes with another of the same name', () => {
      const { placed, OrderService } = makeServices();
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const impostor = registry.register(new Counter({ name: 'audits_total', description: 'Another' }));
      expect(() => registry.registerInstrumented(OrderService))
        .to.throw(AlreadyRegisteredError)
        .with.property('existing', impostor);
      expect(registry.getMetric(placed.name)).to.equal(undefined);
    });

    it('should refuse, registering none, a metric that belongs to another registry', async () => {
      const { placed, audits, OrderService } = makeServices();
      const other = newRegistry(ctx.redis, ctx.namespace);
      other.register(audits);
      const registry = newRegistry(ctx.redis, ctx.namespace);
      expect(() => registry.registerInstrumented(new OrderService())).to.throw(
        Error,
        'metric "audits_total" is registered in another registry; unregister it there first',
      );
      expect(registry.getMetric(placed.name)).to.equal(undefined);
      await other.close();
    });
  });

  describe('a decorated method whose metric is not registered', () => {
    it('should warn once naming the metric and method, keep the updates bounded, and write them once registered', async () => {
      const calls = new Counter({ name: 'late_total', description: 'Calls', allowedLabels: ['kind'] });
      class LateService {
        @calls.count({ labelsAtEnd: ({ args }) => ({ kind: args[0] as string }) })
        run(_kind: string) {}
      }
      const capture = captureWarnings();
      const s = new LateService();
      for (let i = 0; i < 1000; i++) s.run(i % 2 === 0 ? 'even' : 'odd');
      const warnings = (await capture.stop()).filter((w) => (w as { code?: string }).code === 'INSTRUMENTOR_UNREGISTERED');
      expect(warnings.map((w) => w.message)).to.deep.equal([
        'metric "late_total" is recorded by @count on LateService.run but is not registered in a registry; ' +
          'its updates are kept in memory (one entry per label set) and are written once it is registered',
      ]);
      // one pending entry per label set, however many calls
      expect(calls._dirty).to.have.length(2);
      const registry = newRegistry(ctx.redis, ctx.namespace);
      registry.registerInstrumented(LateService);
      expect(only(await scrape(registry, ctx.redis), 'late_total')).to.deep.equal({
        'late_total{kind="even"}': 500,
        'late_total{kind="odd"}': 500,
      });
    });
  });
});
