import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import * as sinon from 'sinon';
import express from 'express';
import Fastify from 'fastify';
import Redis from 'ioredis';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { createMetricsHandler, MetricsHandler, MetricsHandlerOptions } from '../../lib/server/createMetricsHandler';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../support/redis';
import { decodeFamilies } from '../support/protobuf';
import { expectParses } from '../support/openMetricsParser';
import { get } from './helpers';

const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** record writes a few metrics into a namespace of the shared Redis, as an application would. */
async function record(namespace: string, orders: number): Promise<void> {
  const registry = new CollectorRegistry({ redis: REDIS_URL, namespace, flushIntervalMs: 0 });
  const c = registry.register(new Counter({ name: 'orders_total', description: 'Orders placed', allowedLabels: ['method'] }));
  const h = registry.register(new Histogram({ name: 'checkout_seconds', description: 'Checkout time', buckets: [0.5, 1] }));
  const g = registry.register(new Gauge({ name: 'carts_open', description: 'Open carts' }));
  c.inc(orders, { method: 'card' });
  h.observe(0.25);
  h.observe(2);
  g.set(4);
  expect(await registry.close()).to.equal(true);
}

describe('server/createMetricsHandler (real Redis)', () => {
  let redis: Redis;
  let shop: string;
  let billing: string;
  let handler: MetricsHandler | undefined;
  let server: Server | undefined;

  before(async () => {
    redis = new Redis(REDIS_URL);
  });
  beforeEach(async () => {
    shop = uniqueNamespace('shop');
    billing = uniqueNamespace('billing');
    await record(shop, 3);
    await record(billing, 5);
  });
  afterEach(async () => {
    if (server !== undefined) await new Promise((r) => server!.close(r));
    server = undefined;
    await handler?.close();
    handler = undefined;
    await redis.del(...namespaceKeys(shop), ...namespaceKeys(billing));
  });
  after(async () => {
    await redis.quit();
  });

  async function serve(options: Partial<MetricsHandlerOptions> = {}): Promise<string> {
    handler = createMetricsHandler({ redis: REDIS_URL, namespaces: [shop, billing], ...options } as MetricsHandlerOptions);
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  describe('GET /metrics', () => {
    it('should serve every namespace in the text format, each series labelled with its namespace', async () => {
      const base = await serve();
      const res = await get(`${base}/metrics`);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(res.text).to.contain(`orders_total{method="card",namespace="${shop}"} 3\n`);
      expect(res.text).to.contain(`orders_total{method="card",namespace="${billing}"} 5\n`);
      expect(res.text).to.contain(`checkout_seconds_bucket{namespace="${shop}",le="+Inf"} 2\n`);
      expect(res.text.match(/^# TYPE orders_total counter$/gm)).to.have.length(1);
      expect(res.text).not.to.contain('# EOF');
    });

    it('should answer OpenMetrics to the Accept header Prometheus sends', async function () {
      const base = await serve();
      const res = await get(`${base}/metrics`, { Accept: PROMETHEUS_ACCEPT });
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('application/openmetrics-text; version=1.0.0; charset=utf-8');
      expect(res.text).to.contain('# TYPE orders counter\n');
      expect(res.text).to.contain(`orders_total{method="card",namespace="${billing}"} 5\n`);
      expect(res.text.endsWith('# EOF\n')).to.equal(true);
      await expectParses(this, res.text);
    });

    it('should answer protobuf to the Accept header of a Prometheus that scrapes native histograms, gzipped when asked', async () => {
      const base = await serve();
      const accept = 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,text/plain;version=0.0.4;q=0.5';
      const res = await get(`${base}/metrics`, { Accept: accept, 'Accept-Encoding': 'gzip' });
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited');
      expect(res.headers['content-encoding']).to.equal('gzip');
      const families = decodeFamilies(gunzipSync(res.body));
      const orders = families.find((f) => f.name === 'orders_total')!;
      expect(orders.type).to.equal('COUNTER');
      expect(orders.metric.map((m: any) => [m.label.map((l: any) => `${l.name}=${l.value}`).join(','), m.counter.value])).to.deep.equal([
        [`method=card,namespace=${billing}`, 5],
        [`method=card,namespace=${shop}`, 3],
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
      const checkout = families.find((f) => f.name === 'checkout_seconds')!;
      expect(checkout.metric[0].histogram).to.include({ sample_count: 2, sample_sum: 2.25 });
      expect(checkout.metric[0].histogram.bucket).to.deep.equal([{ cumulative_count: 1, upper_bound: 0.5 }, { cumulative_count: 1, upper_bound: 1 }]);
      const one = await get(`${base}/metrics/${shop}?format=protobuf`);
      expect(decodeFamilies(one.body).find((f) => f.name === 'carts_open')!.metric).to.deep.equal([{ gauge: { value: 4 } }]);
    });

    it('should render protobuf as the bytes it serves, for every namespace or one, and refuse a format it does not know', async () => {
      const base = await serve();
      const ours = (families: Array<Record<string, any>>) => families.filter((f) => !f.name.startsWith('instrumentor_'));
      const rendered = await handler!.render('protobuf');
      expect(Buffer.isBuffer(rendered)).to.equal(true);
      expect(ours(decodeFamilies(rendered))).to.deep.equal(ours(decodeFamilies((await get(`${base}/metrics?format=protobuf`)).body)));
      expect(ours(decodeFamilies(rendered)).find((f) => f.name === 'orders_total')!.metric).to.have.length(2);
      const one = await handler!.render('protobuf', shop);
      expect(one.equals((await get(`${base}/metrics/${shop}?format=protobuf`)).body)).to.equal(true);
      expect(decodeFamilies(one).find((f) => f.name === 'carts_open')!.metric).to.deep.equal([{ gauge: { value: 4 } }]);
      const refused = await handler!.render('json' as 'text').catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(TypeError).with.property('message', 'render\'s format must be "text", "openmetrics" or "protobuf", got "json"');
    });

    it('should let ?format= choose the format', async function () {
      const base = await serve();
      const om = (await get(`${base}/metrics?format=openmetrics`)).text;
      expect(om.endsWith('# EOF\n')).to.equal(true);
      expect((await get(`${base}/metrics?format=text`, { Accept: PROMETHEUS_ACCEPT })).text).not.to.contain('# EOF');
      await expectParses(this, om);
    });

    it('should compress with gzip only when asked, and not when gzip is off', async () => {
      const base = await serve();
      const plain = await get(`${base}/metrics`);
      expect(plain.headers['content-encoding']).to.equal(undefined);
      const zipped = await get(`${base}/metrics`, { 'Accept-Encoding': 'gzip, deflate' });
      expect(zipped.headers['content-encoding']).to.equal('gzip');
      expect(zipped.headers.vary).to.contain('Accept-Encoding');
      const timeless = (text: string) => text.replace(/^instrumentor_namespace_read_seconds\{.*\n/gm, ''); // each read takes its own time
      expect(timeless(gunzipSync(zipped.body).toString('utf8'))).to.equal(timeless(plain.text));
      await new Promise((r) => server!.close(r));
      await handler!.close();
      const base2 = await serve({ gzip: false });
      expect((await get(`${base2}/metrics`, { 'Accept-Encoding': 'gzip' })).headers['content-encoding']).to.equal(undefined);
    });

    it('should answer HEAD without a body and refuse POST with 405', async () => {
      const base = await serve();
      const head = await get(`${base}/metrics`, {}, 'HEAD');
      expect(head.status).to.equal(200);
      expect(head.body.length).to.equal(0);
      const post = await get(`${base}/metrics`, {}, 'POST');
      expect(post.status).to.equal(405);
      expect(post.headers.allow).to.equal('GET, HEAD');
    });
  });

  describe('GET /metrics/<namespace>', () => {
    it('should serve one namespace without the namespace label', async () => {
      const base = await serve();
      const res = await get(`${base}/metrics/${shop}`);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('orders_total{method="card"} 3\n');
      expect(res.text).not.to.contain('namespace=');
    });

    it('should answer 404 naming the namespaces served for an unknown namespace', async () => {
      const base = await serve();
      const res = await get(`${base}/metrics/nope`);
      expect(res.status).to.equal(404);
      expect(res.text).to.contain('unknown namespace "nope"');
      expect(res.text).to.contain(`"${shop}", "${billing}"`);
    });
  });

  describe('authentication', () => {
    it('should refuse scrapes without the basic credentials, and accept them with', async () => {
      const base = await serve({ auth: { username: 'prom', password: 'pa55' } });
      const none = await get(`${base}/metrics`);
      expect(none.status).to.equal(401);
      expect(none.headers['www-authenticate']).to.match(/^Basic realm=/);
      expect(none.text).not.to.contain('orders_total');
      const wrong = await get(`${base}/metrics/${shop}`, { Authorization: 'Basic ' + Buffer.from('prom:nope').toString('base64') });
      expect(wrong.status).to.equal(401);
      const right = await get(`${base}/metrics`, { Authorization: 'Basic ' + Buffer.from('prom:pa55').toString('base64') });
      expect(right.status).to.equal(200);
      expect(right.text).to.contain('orders_total');
      expect((await get(`${base}/healthz`)).status).to.equal(200);
    });

    it('should refuse scrapes without the bearer token, and accept them with', async () => {
      const base = await serve({ auth: { bearerToken: 'tok' } });
      const none = await get(`${base}/metrics`);
      expect(none.status).to.equal(401);
      expect(none.headers['www-authenticate']).to.match(/^Bearer /);
      expect((await get(`${base}/metrics`, { Authorization: 'Bearer nope' })).status).to.equal(401);
      expect((await get(`${base}/metrics`, { Authorization: 'Bearer tok' })).status).to.equal(200);
    });
  });

  describe('GET /healthz', () => {
    it('should answer 200 when Redis answers', async () => {
      const base = await serve();
      const res = await get(`${base}/healthz`);
      expect(res.status).to.equal(200);
      expect(res.text).to.match(/^ok/);
    });
  });

  describe('other paths', () => {
    it('should answer 404 naming the paths served', async () => {
      const base = await serve();
      const res = await get(`${base}/other`);
      expect(res.status).to.equal(404);
      expect(res.text).to.contain('/metrics/<namespace>');
    });

    it('should honour metricsPath and healthPath', async () => {
      const base = await serve({ metricsPath: '/prom', healthPath: '/up' });
      expect((await get(`${base}/prom/${shop}`)).text).to.contain('orders_total{method="card"} 3');
      expect((await get(`${base}/up`)).status).to.equal(200);
      expect((await get(`${base}/metrics`)).status).to.equal(404);
    });
  });

  describe('embedding', () => {
    it('should work as Express middleware, passing other paths on', async () => {
      handler = createMetricsHandler({ redis: REDIS_URL, namespaces: [shop] });
      const app = express();
      app.use(handler);
      app.get('/hello', (_req, res) => void res.send('world'));
      server = createServer(app);
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await get(`${base}/metrics`)).text).to.contain(`orders_total{method="card",namespace="${shop}"} 3`);
      expect((await get(`${base}/hello`)).text).to.equal('world');
    });

    it('should work in Fastify through the raw request and response', async () => {
      handler = createMetricsHandler({ redis: REDIS_URL, namespaces: [shop, billing] });
      const app = Fastify();
      const h = handler;
      app.get('/metrics', (request, reply) => {
        reply.hijack();
        return h(request.raw, reply.raw);
      });
      app.get('/metrics/:namespace', (request, reply) => {
        reply.hijack();
        return h(request.raw, reply.raw);
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        const all = await get(`${base}/metrics`, { Accept: PROMETHEUS_ACCEPT, 'Accept-Encoding': 'gzip' });
        expect(all.status).to.equal(200);
        expect(gunzipSync(all.body).toString()).to.contain(`orders_total{method="card",namespace="${billing}"} 5`);
        expect((await get(`${base}/metrics/${billing}`)).text).to.contain('orders_total{method="card"} 5');
      } finally {
        await app.close();
      }
    });
  });

  describe('options', () => {
    it('should read a MemoryStore given as store', async () => {
      const store = new MemoryStore();
      const registry = new CollectorRegistry({ store, namespace: 'unit', flushIntervalMs: 0 });
      registry.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc(2);
      await registry.flush();
      const h = createMetricsHandler({ store, namespaces: ['unit'] });
      expect(await h.render('text', 'unit')).to.equal('# HELP hits_total Hits\n# TYPE hits_total counter\nhits_total 2\n');
      expect((await h.health()).ok).to.equal(true);
    });

    it('should pass wholeReadFields on: 0 reads even a small namespace in HSCAN chunks', async () => {
      const client = new Redis(REDIS_URL);
      try {
        const hscan = sinon.spy(client, 'hscan');
        const whole = sinon.spy(client, 'sendCommand'); // the whole read is a Command HGETALL
        const chunked = createMetricsHandler({ redis: client, namespaces: [shop], wholeReadFields: 0 });
        expect(await chunked.render('text', shop)).to.contain('orders_total{method="card"} 3');
        // the processes hashes are read with HGETALL too; only the namespace hash's counts here
        const hgetalls = () => whole.getCalls().filter((c) => c.args[0].name === 'HGETALL' && String(c.args[0].args[0]) === `instrumentor:{${shop}}`).length;
        expect([hscan.callCount > 0, hgetalls()]).to.deep.equal([true, 0]);
        hscan.resetHistory();
        const single = createMetricsHandler({ redis: client, namespaces: [shop] });
        expect(await single.render('text', shop)).to.contain('orders_total{method="card"} 3');
        expect([hscan.callCount, hgetalls()]).to.deep.equal([0, 1]);
        await chunked.close();
        await single.close();
      } finally {
        client.disconnect();
      }
    });

    it('should use an ioredis client given as it is, even one that connects lazily, and leave it open', async () => {
      const client = new Redis(REDIS_URL, { lazyConnect: true });
      try {
        const h = createMetricsHandler({ redis: client, namespaces: [shop] });
        expect(await h.render('text', shop)).to.contain('orders_total{method="card"} 3');
        expect((await h.health()).ok).to.equal(true);
        await h.close();
        expect(await client.ping()).to.equal('PONG');
      } finally {
        client.disconnect();
      }
    });

    it('should refuse bad options with a TypeError', () => {
      expect(() => createMetricsHandler({ redis: REDIS_URL, namespaces: [] })).to.throw(TypeError, /namespaces/);
      expect(() => createMetricsHandler({ redis: REDIS_URL, namespaces: ['a b'] })).to.throw(TypeError, /namespace/);
      expect(() => createMetricsHandler({ namespaces: ['a'] })).to.throw(TypeError, /redis is required/);
      expect(() => createMetricsHandler({ store: new MemoryStore(), namespaces: ['a'], namespaceLabel: 'le' })).to.throw(TypeError, /namespaceLabel/);
      expect(() => createMetricsHandler({ store: new MemoryStore(), namespaces: ['a'], metricsPath: 'metrics' })).to.throw(TypeError, /metricsPath/);
      expect(() => createMetricsHandler({ store: new MemoryStore(), namespaces: ['a'], auth: { bearerToken: '' } })).to.throw(TypeError, /bearerToken/);
    });
  });
});
