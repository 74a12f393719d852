import { expect } from 'chai';
import Redis from 'ioredis';
import * as sinon from 'sinon';
import { namespaceKey, writersKey } from '../../lib/codec/field';
import { decodeOps } from '../../lib/codec/ops';
import { AlreadyRegisteredError } from '../../lib/errors/AlreadyRegisteredError';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { RedisStore } from '../../lib/store/RedisStore';
import { hostAndPort, readHash, REDIS_URL, useNamespace } from '../support/redis';

describe('CollectorRegistry (real Redis)', () => {
  const ctx = useNamespace('registry');
  const open: CollectorRegistry[] = [];
  const registry = (options: Partial<ConstructorParameters<typeof CollectorRegistry>[0]> = {}) => {
    const r = new CollectorRegistry({ redis: ctx.redis, namespace: ctx.namespace, flushIntervalMs: 0, ...options });
    open.push(r);
    return r;
  };
  const expose = () => new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace }).expose();

  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });

  describe('#flush', () => {
    it('should write counters, gauges and histograms so the exposition shows exactly what was recorded', async () => {
      const reg = registry();
      const requests = reg.register(
        new Counter({ name: 'http_requests_total', description: 'HTTP requests', allowedLabels: ['method', 'code'] }),
      );
      const temp = reg.register(new Gauge({ name: 'temperature_celsius', description: 'Temperature', startValue: 20 }));
      const latency = reg.register(
        new Histogram({ name: 'rpc_duration_seconds', description: 'RPC latency', allowedLabels: ['service'], buckets: [0.1, 0.5] }),
      );
      requests.inc({ method: 'GET', code: 200 });
      requests.inc(2, { code: '200', method: 'GET' });
      requests.inc({ method: 'POST', code: 500 });
      temp.inc(2.5);
      latency.observe(0.05, { service: 'auth' });
      latency.observe(0.3, { service: 'auth' });
      latency.observe(2, { service: 'auth' });
      expect(await reg.flush()).to.equal(true);
      expect(await expose()).to.equal(
        [
          '# HELP http_requests_total HTTP requests',
          '# TYPE http_requests_total counter',
          'http_requests_total{code="200",method="GET"} 3',
          'http_requests_total{code="500",method="POST"} 1',
          '# HELP rpc_duration_seconds RPC latency',
          '# TYPE rpc_duration_seconds histogram',
          'rpc_duration_seconds_bucket{service="auth",le="0.1"} 1',
          'rpc_duration_seconds_bucket{service="auth",le="0.5"} 2',
          'rpc_duration_seconds_bucket{service="auth",le="+Inf"} 3',
          'rpc_duration_seconds_sum{service="auth"} 2.35',
          'rpc_duration_seconds_count{service="auth"} 3',
          '# HELP temperature_celsius Temperature',
          '# TYPE temperature_celsius gauge',
          'temperature_celsius 22.5',
          '',
        ].join('\n'),
      );
    });

    it('should write the fields of the documented format', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'c_total', description: 'C', allowedLabels: ['b', 'a'] }));
      c.inc({ b: 'x,y', a: 'say "hi"\n' });
      await reg.flush();
      expect(await readHash(ctx.redis, ctx.namespace)).to.deep.equal({
        'c_total:d:': 'C',
        'c_total:t:': 'c',
        'c_total::a="say \\"hi\\"\\n",b="x,y"': '1',
      });
    });

    it('should send every pending batch without waiting for the reply to the one before', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'many_total', description: 'x', allowedLabels: ['i'] }));
      for (let i = 0; i < 5000; i++) c.inc({ i });
      // 5002 writes make 3 batches (2000 each at most): no reply comes until all three are sent, so a flush that waited for one would hang
      const store = reg.backend as RedisStore;
      const events: string[] = [];
      const write = store.write.bind(store);
      let sends = 0;
      let allSent!: () => void;
      const gate = new Promise<void>((resolve) => (allSent = resolve));
      sinon.stub(store, 'write').callsFake((...args) => {
        events.push('send');
        if (++sends === 3) allSent();
        const reply = gate.then(() => write(...args));
        void reply.then(() => events.push('reply'));
        return reply;
      });
      expect(await reg.flush()).to.equal(true);
      expect(events).to.deep.equal(['send', 'send', 'send', 'reply', 'reply', 'reply']);
      expect(await ctx.redis.hlen(namespaceKey(ctx.namespace))).to.equal(5002);
      expect(await ctx.redis.hget(writersKey(ctx.namespace), reg.writerId)).to.equal('3');
    });

    it('should merge updates to a series in memory and write only the delta since the last flush', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'd_total', description: 'x' }));
      for (let i = 0; i < 1000; i++) c.inc();
      const write = sinon.spy(reg.backend, 'write');
      await reg.flush();
      c.inc(5);
      await reg.flush();
      expect(write.args.map((a) => a[2].flatMap((b) => decodeOps(b.ops)))).to.deep.equal([
        [['s', 'd_total:d:', 'x'], ['s', 'd_total:t:', 'c'], ['i', 'd_total::', '1000']],
        [['i', 'd_total::', '5']],
      ]);
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'd_total::')).to.equal('1005');
    });

    it('should write description and type once per metric, not with every flush', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'once_total', description: 'Once' }));
      await reg.flush();
      await ctx.redis.hdel(namespaceKey(ctx.namespace), 'once_total:d:');
      c.inc();
      await reg.flush();
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'once_total:d:')).to.equal(null);
    });

    it('should write descriptions and types again after a minute, so a Redis that lost them gets them back', async () => {
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const reg = registry();
      const c = reg.register(new Counter({ name: 'healed_total', description: 'Healed' }));
      await reg.flush();
      await ctx.redis.del(namespaceKey(ctx.namespace)); // as after a reset, or a restart without persistence
      c.inc();
      clock.tick(59_000);
      await reg.flush();
      expect(await readHash(ctx.redis, ctx.namespace)).to.deep.equal({ 'healed_total::': '1' });
      clock.tick(1_000);
      await reg.flush();
      expect(await readHash(ctx.redis, ctx.namespace)).to.deep.equal({
        'healed_total::': '1',
        'healed_total:d:': 'Healed',
        'healed_total:t:': 'c',
      });
    });

    it('should add integer and float increments to one field in any order', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'mixed_total', description: 'x' }));
      await ctx.redis.hset(namespaceKey(ctx.namespace), 'mixed_total::', '1.5');
      for (const v of [1, 0.25, 2, 0.125]) {
        c.inc(v);
        await reg.flush();
      }
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'mixed_total::')).to.equal('4.875');
    });

    it('should include updates made while a flush was running in the next call', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'race_total', description: 'x' }));
      c.inc();
      const first = reg.flush();
      c.inc(2);
      const second = reg.flush();
      const third = reg.flush();
      expect(await Promise.all([first, second, third])).to.deep.equal([true, true, true]);
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'race_total::')).to.equal('3');
    });

    it('should have store() and transfer() as names for flush()', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'alias_total', description: 'x' }));
      c.inc();
      await reg.store();
      c.inc();
      await reg.transfer();
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'alias_total::')).to.equal('2');
    });
  });

  describe('series identity', () => {
    it('should treat label order, numbers and absent labels consistently', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'ids_total', description: 'x', allowedLabels: ['a', 'b'] }));
      c.inc({ a: '1', b: '2' });
      c.inc({ b: '2', a: '1' });
      c.inc({ a: 1, b: 2 });
      c.labels({ b: 2, a: 1 }).inc();
      c.inc({ a: 'x' });
      c.inc({ a: 'x', b: '' });
      c.inc({ a: 'x', b: undefined });
      await reg.flush();
      expect(await readHash(ctx.redis, ctx.namespace)).to.deep.include({
        'ids_total::a="1",b="2"': '4',
        'ids_total::a="x"': '3',
      });
    });

    it('should let a bound child record into the same series as the labelled call', async () => {
      const reg = registry();
      const g = reg.register(new Gauge({ name: 'bound', description: 'x', allowedLabels: ['q'] }));
      const h = reg.register(new Histogram({ name: 'bound_h', description: 'x', allowedLabels: ['q'], buckets: [1] }));
      const child = g.labels({ q: 'mail' });
      child.inc(5);
      child.dec(2);
      g.inc({ q: 'mail' });
      h.labels({ q: 'a' }).observe(0.5);
      h.observe(3, { q: 'a' });
      await reg.flush();
      child.set(7);
      await reg.flush();
      const fields = await readHash(ctx.redis, ctx.namespace);
      expect(fields['bound::q="mail"']).to.equal('7');
      expect(fields['bound_h:b:le="1",q="a"']).to.equal('1');
      expect(fields['bound_h:b:le="+Inf",q="a"']).to.equal('2');
      expect(fields['bound_h:c:q="a"']).to.equal('2');
    });
  });

  describe('gauges', () => {
    it('should write startValue only when the series is created in Redis', async () => {
      const a = registry();
      const ga = a.register(new Gauge({ name: 'workers', description: 'x', startValue: 10, allowedLabels: ['pool'] }));
      ga.inc({ pool: 'p' });
      await a.flush();
      const b = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 });
      const gb = b.register(new Gauge({ name: 'workers', description: 'x', startValue: 10, allowedLabels: ['pool'] }));
      gb.inc({ pool: 'p' });
      gb.dec(3, { pool: 'p' });
      await b.close();
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'workers::pool="p"')).to.equal('9');
    });

    it('should create a gauge without labels at its start value on registration', async () => {
      const reg = registry();
      reg.register(new Gauge({ name: 'ready', description: 'x', startValue: 1 }));
      await reg.flush();
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'ready::')).to.equal('1');
    });

    it('should apply set and then inc in one interval as one set', async () => {
      const reg = registry();
      const g = reg.register(new Gauge({ name: 'level', description: 'x' }));
      g.inc(100);
      await reg.flush();
      g.set(5);
      g.inc(2);
      await reg.flush();
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'level::')).to.equal('7');
    });

    it('should let set replace what inc added earlier in the same interval', async () => {
      const reg = registry();
      const g = reg.register(new Gauge({ name: 'depth', description: 'x', allowedLabels: ['q'] }));
      g.inc(100, { q: 'a' });
      g.inc(100, { q: 'b' });
      await reg.flush();
      g.inc(3, { q: 'a' });
      g.set(5, { q: 'a' });
      const bound = g.labels({ q: 'b' });
      bound.inc(3);
      bound.set(5);
      await reg.flush();
      expect(await readHash(ctx.redis, ctx.namespace)).to.deep.include({ 'depth::q="a"': '5', 'depth::q="b"': '5' });
    });
  });

  describe('#register', () => {
    it('should throw an AlreadyRegisteredError carrying the existing metric', () => {
      const reg = registry();
      const first = reg.register(new Counter({ name: 'dup_total', description: 'x' }));
      const second = new Counter({ name: 'dup_total', description: 'y' });
      try {
        reg.register(second);
        expect.fail('register should have thrown');
      } catch (err) {
        expect(err).to.be.instanceOf(AlreadyRegisteredError);
        expect((err as AlreadyRegisteredError).existing).to.equal(first);
        expect((err as AlreadyRegisteredError).message).to.contain('"dup_total"');
      }
      expect(reg.register(first)).to.equal(first);
    });

    it('should stop writing a metric once unregistered', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'gone_total', description: 'x' }));
      await reg.flush();
      expect(reg.unregister(c)).to.equal(true);
      c.inc();
      await reg.flush();
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'gone_total::')).to.equal('0');
      expect(reg.getMetric('gone_total')).to.equal(undefined);
    });
  });

  describe('eager mode', () => {
    it('should send updates without flush(), coalescing one tick of updates into one pipeline', async () => {
      const reg = registry({ eager: true });
      const c = reg.register(new Counter({ name: 'eager_total', description: 'x', allowedLabels: ['i'] }));
      await reg.flush();
      const write = sinon.spy(reg.backend, 'write');
      for (let i = 0; i < 50; i++) c.inc({ i });
      for (let tries = 0; tries < 100 && write.callCount === 0; tries++) await new Promise((r) => setTimeout(r, 5));
      await reg.flush();
      expect(write.callCount).to.equal(1);
      expect(await ctx.redis.hlen(namespaceKey(ctx.namespace))).to.equal(52);
    });
  });

  describe('flush interval', () => {
    it('should flush on the interval with a timer that does not keep the process alive', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const reg = registry({ flushIntervalMs: 5000 });
      const write = sinon.spy(reg.backend, 'write');
      const c = reg.register(new Counter({ name: 'tick_total', description: 'x' }));
      c.inc(3);
      clock.tick(4999);
      expect(write.callCount).to.equal(0);
      clock.tick(1);
      expect(write.callCount).to.equal(1);
      await reg.flush();
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'tick_total::')).to.equal('3');
      const timer = (reg as any).timer;
      expect(timer.hasRef ? timer.hasRef() : false).to.equal(false);
    });
  });

  describe('#close', () => {
    it('should flush what is pending and leave a client it was given open', async () => {
      const reg = new CollectorRegistry({ redis: ctx.redis, namespace: ctx.namespace });
      reg.register(new Counter({ name: 'closing_total', description: 'x' })).inc(4);
      expect(await reg.close()).to.equal(true);
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'closing_total::')).to.equal('4');
      expect(ctx.redis.status).to.equal('ready');
    });

    it('should close a connection it made from a URL or options', async () => {
      for (const redis of [REDIS_URL, hostAndPort()]) {
        const reg = new CollectorRegistry({ redis, namespace: ctx.namespace });
        reg.register(new Counter({ name: 'own_total', description: 'x' })).inc();
        expect(await reg.close()).to.equal(true);
        const client = (reg.backend as RedisStore).redis;
        if (client.status !== 'end') await new Promise((resolve) => client.once('end', resolve));
        expect(client.status).to.equal('end');
      }
      expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'own_total::')).to.equal('2');
    });
  });

  describe('options', () => {
    it('should refuse bad namespaces and missing connections', () => {
      expect(() => new CollectorRegistry({ redis: ctx.redis, namespace: '' })).to.throw(TypeError, 'namespace');
      expect(() => new CollectorRegistry({ redis: ctx.redis, namespace: 'a{b}' })).to.throw(TypeError, 'namespace');
      expect(() => new CollectorRegistry({ namespace: 'x' } as any)).to.throw(TypeError, 'redis is required');
      expect(() => new CollectorRegistry({ redis: ctx.redis, namespace: 'x', flushIntervalMs: -1 })).to.throw(RangeError);
    });

    it('should accept an ioredis client made elsewhere', () => {
      const client = new Redis(REDIS_URL, { lazyConnect: true });
      const reg = new CollectorRegistry({ redis: client, namespace: ctx.namespace, flushIntervalMs: 0 });
      expect((reg.backend as RedisStore).redis).to.equal(client);
      client.disconnect();
    });
  });
});
