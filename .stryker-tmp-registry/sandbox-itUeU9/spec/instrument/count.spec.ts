// @ts-nocheck
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { count, counted } from '../../lib/instrument/count';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { useNamespace } from '../support/redis';
import { captureWarnings, deferred, newRegistry, only, scrape } from './support';

describe('instrument/count', () => {
  const ctx = useNamespace('count');

  describe('@counter.count', () => {
    it('should count every call of sync, async, promise-returning and static methods, once each', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const calls = registry.register(new Counter({ name: 'calls_total', description: 'Calls' }));
      class Service {
        @calls.count
        sync(n: number) {
          return n + 1;
        }
        @calls.count
        async later(n: number) {
          await null;
          return n * 2;
        }
        @calls.count
        promised() {
          return Promise.resolve('p');
        }
        @calls.count
        static make() {
          return new Service();
        }
      }
      const s = Service.make();
      expect(s.sync(1)).to.equal(2);
      expect(await s.later(2)).to.equal(4);
      expect(await s.promised()).to.equal('p');
      expect(only(await scrape(registry, ctx.redis), 'calls_total')).to.deep.equal({ calls_total: 4 });
    });

    it('should count a call when the returned promise settles, not before', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const calls = registry.register(new Counter({ name: 'settled_total', description: 'Calls' }));
      const gate = deferred<string>();
      class Service {
        @calls.count
        wait() {
          return gate.promise;
        }
      }
      const pending = new Service().wait();
      expect(only(await scrape(registry, ctx.redis), 'settled_total')).to.deep.equal({ settled_total: 0 });
      gate.resolve('done');
      expect(await pending).to.equal('done');
      expect(only(await scrape(registry, ctx.redis), 'settled_total')).to.deep.equal({ settled_total: 1 });
    });

    it('should leave this, arguments and the resolved value unchanged', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const calls = registry.register(new Counter({ name: 'same_total', description: 'Calls' }));
      const promise = Promise.resolve({ id: 7 });
      const seen: unknown[] = [];
      class Service {
        readonly tag = 'svc';
        @calls.count
        run(this: Service, ...args: unknown[]) {
          seen.push(this, args);
          return promise;
        }
      }
      const s = new Service();
      const arg = { a: 1 };
      const returned = s.run(arg, 2);
      expect(returned).to.be.an.instanceOf(Promise);
      expect(await returned).to.equal(await promise);
      expect(seen[0]).to.equal(s);
      expect(seen[1]).to.deep.equal([arg, 2]);
      expect((seen[1] as unknown[])[0]).to.equal(arg);
      expect(Service.prototype.run.name).to.equal('run');
      expect(Service.prototype.run.length).to.equal(0);
      expect(only(await scrape(registry, ctx.redis), 'same_total')).to.deep.equal({ same_total: 1 });
    });

    it('should rethrow the exact exception and rejection, and still count the call', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const calls = registry.register(new Counter({ name: 'failing_total', description: 'Calls' }));
      const thrown = new Error('sync boom');
      const rejected = new Error('async boom');
      class Service {
        @calls.count
        sync(): never {
          throw thrown;
        }
        @calls.count
        async later(): Promise<never> {
          throw rejected;
        }
      }
      const s = new Service();
      expect(() => s.sync()).to.throw().that.equals(thrown);
      const reason = await s.later().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(reason).to.equal(rejected);
      expect(only(await scrape(registry, ctx.redis), 'failing_total')).to.deep.equal({ failing_total: 2 });
    });

    it('should leave a rejection nobody handles unhandled, so that Node still reports it', function () {
      this.timeout(30_000);
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'unhandled.ts')], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.stdout).not.to.contain('still running');
      expect(run.stderr).to.contain('nobody handles this');
      expect(run.status).to.equal(1);
    });

    it('should take options: static labels, labels known at the end, and the outcome as a label', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const placed = registry.register(
        new Counter({ name: 'orders_placed_total', description: 'Orders', allowedLabels: ['channel', 'outcome', 'code'] }),
      );
      class Service {
        @placed.count({ labels: { channel: 'api' } })
        viaApi() {}
        @placed.count({ labels: { channel: 'web' }, outcomeLabel: 'outcome' })
        async viaWeb(fail: boolean) {
          if (fail) throw new Error('declined');
        }
        @placed.count({ labelsAtEnd: ({ result, error }) => ({ code: error === undefined ? (result as number) : 500 }) })
        respond(code: number) {
          if (code >= 500) throw new Error('server error');
          return code;
        }
      }
      const s = new Service();
      s.viaApi();
      s.viaApi();
      await s.viaWeb(false);
      await s.viaWeb(true).catch(() => undefined);
      await s.viaWeb(true).catch(() => undefined);
      s.respond(200);
      s.respond(404);
      expect(() => s.respond(503)).to.throw('server error');
      expect(only(await scrape(registry, ctx.redis), 'orders_placed_total')).to.deep.equal({
        'orders_placed_total{channel="api"}': 2,
        'orders_placed_total{channel="web",outcome="error"}': 2,
        'orders_placed_total{channel="web",outcome="success"}': 1,
        'orders_placed_total{code="200"}': 1,
        'orders_placed_total{code="404"}': 1,
        'orders_placed_total{code="500"}': 1,
      });
    });

    it('should give labelsAtEnd the arguments of the call', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const jobs = registry.register(new Counter({ name: 'jobs_total', description: 'Jobs', allowedLabels: ['queue'] }));
      class Worker {
        @jobs.count({ labelsAtEnd: ({ args }) => ({ queue: args[0] as string }) })
        run(_queue: string) {}
      }
      new Worker().run('mail');
      new Worker().run('mail');
      new Worker().run('sms');
      expect(only(await scrape(registry, ctx.redis), 'jobs_total')).to.deep.equal({
        'jobs_total{queue="mail"}': 2,
        'jobs_total{queue="sms"}': 1,
      });
    });

    it('should never break the method when recording fails, and warn once', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const calls = registry.register(new Counter({ name: 'broken_total', description: 'Calls', allowedLabels: ['a'] }));
      class Service {
        @calls.count({
          labelsAtEnd: () => {
            throw new Error('labeller bug');
          },
        })
        run() {
          return 'still fine';
        }
        @calls.count({ labelsAtEnd: () => ({ nope: 'x' }) as never })
        other() {
          return 'also fine';
        }
      }
      const capture = captureWarnings();
      const s = new Service();
      expect(s.run()).to.equal('still fine');
      expect(s.run()).to.equal('still fine');
      expect(s.other()).to.equal('also fine');
      const warnings = (await capture.stop()).filter((w) => (w as { code?: string }).code === 'INSTRUMENTOR_RECORD');
      expect(warnings.map((w) => w.message)).to.deep.equal([
        '@count on Service.run could not record into metric "broken_total" (the call was not affected): labeller bug',
        '@count on Service.other could not record into metric "broken_total" (the call was not affected): metric "broken_total": unknown label "nope" (allowed: "a")',
      ]);
      expect(only(await scrape(registry, ctx.redis), 'broken_total')).to.deep.equal({});
    });
  });

  describe('@gauge.count', () => {
    it('should add 1 to the gauge per call', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const added = registry.register(new Gauge({ name: 'cache_entries', description: 'Entries', allowedLabels: ['cache'], startValue: 10 }));
      class Cache {
        @added.count({ labels: { cache: 'quotes' } })
        add() {}
      }
      new Cache().add();
      new Cache().add();
      expect(only(await scrape(registry, ctx.redis), 'cache_entries')).to.deep.equal({ 'cache_entries{cache="quotes"}': 12 });
    });
  });

  describe('count()', () => {
    it('should be the generic twin: count(metric, options) on counters and gauges', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const placed = registry.register(new Counter({ name: 'generic_total', description: 'Orders', allowedLabels: ['channel'] }));
      const gauge = registry.register(new Gauge({ name: 'generic_gauge', description: 'Gauge' }));
      class Service {
        @count(placed, { labels: { channel: 'api' } })
        @count(gauge)
        charge() {
          return 'charged';
        }
      }
      expect(new Service().charge()).to.equal('charged');
      const samples = await scrape(registry, ctx.redis);
      expect(only(samples, 'generic_total')).to.deep.equal({ 'generic_total{channel="api"}': 1 });
      expect(only(samples, 'generic_gauge')).to.deep.equal({ generic_gauge: 1 });
    });

    it('should wrap a plain function when called with one (for code without decorators)', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const calls = registry.register(new Counter({ name: 'plain_total', description: 'Calls' }));
      const add = count(calls)(function add(a: number, b: number) {
        return a + b;
      });
      expect(add(1, 2)).to.equal(3);
      expect(add.name).to.equal('add');
      expect(calls.count((x: number) => x * 2)(4)).to.equal(8);
      expect(only(await scrape(registry, ctx.redis), 'plain_total')).to.deep.equal({ plain_total: 2 });
    });

    it('should refuse getters, setters, fields and classes with a TypeError naming the metric and member', () => {
      const calls = new Counter({ name: 'refused_total', description: 'Calls' });
      const decorate = count(calls) as (...args: unknown[]) => unknown;
      expect(() => decorate(() => 1, { kind: 'getter', name: 'total', static: false })).to.throw(
        TypeError,
        '@count for metric "refused_total" cannot instrument total: it is a getter; only methods and functions can be instrumented',
      );
      expect(() => decorate(undefined, { kind: 'field', name: 'x', static: true })).to.throw(TypeError, 'static x: it is a field');
      expect(() => decorate(class Foo {})).to.throw(TypeError, 'cannot instrument Foo: it is a class');
      const proto = { get total() { return 1; } };
      expect(() => decorate(proto, 'total', Object.getOwnPropertyDescriptor(proto, 'total'))).to.throw(TypeError, 'it is a getter');
      expect(() => decorate({}, 'field')).to.throw(TypeError, 'it is a field');
    });

    it('should keep the reflect-metadata a framework decorator put on the method before it was wrapped', () => {
      const calls = new Counter({ name: 'framework_total', description: 'Calls' });
      const proto = {
        handler() {
          return 'h';
        },
      };
      const descriptor = Object.getOwnPropertyDescriptor(proto, 'handler')!;
      Reflect.defineMetadata('path', '/cats', descriptor.value);
      const decorated = (count(calls) as (...args: unknown[]) => PropertyDescriptor)(proto, 'handler', descriptor);
      expect(decorated.value).not.to.equal(descriptor.value);
      expect(Reflect.getOwnMetadata('path', decorated.value)).to.equal('/cats');
      expect(decorated.value.call(proto)).to.equal('h');
    });

    it('should throw at once for a wrong metric or an unknown static label', () => {
      const calls = new Counter({ name: 'strict_total', description: 'Calls', allowedLabels: ['a'] });
      expect(() => count({ name: 'x' } as never)).to.throw(TypeError, 'count needs a counter or gauge metric');
      expect(() => count(calls, { labels: { b: 'x' } as never })).to.throw(TypeError, 'metric "strict_total": unknown label "b" (allowed: "a")');
      expect(() => count(calls, { outcomeLabel: 'result' as never })).to.throw(
        TypeError,
        '@count: outcomeLabel "result" is not a label of metric "strict_total" (allowed: "a")',
      );
    });
  });

  describe('counted()', () => {
    it('should call fn once, return its result, rethrow its error, and count both', async () => {
      const registry = newRegistry(ctx.redis, ctx.namespace);
      const quotes = registry.register(new Counter({ name: 'quotes_total', description: 'Quotes', allowedLabels: ['outcome'] }));
      expect(await counted(quotes, async () => 42, { outcomeLabel: 'outcome' })).to.equal(42);
      const err = new Error('no quote');
      expect(() =>
        counted(
          quotes,
          () => {
            throw err;
          },
          { outcomeLabel: 'outcome' },
        ),
      ).to.throw().that.equals(err);
      expect(only(await scrape(registry, ctx.redis), 'quotes_total')).to.deep.equal({
        'quotes_total{outcome="error"}': 1,
        'quotes_total{outcome="success"}': 1,
      });
    });
  });
});
