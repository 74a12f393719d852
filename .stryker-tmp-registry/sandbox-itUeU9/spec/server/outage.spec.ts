// @ts-nocheck
import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { ExpositionServer } from '../../lib/server/ExpositionServer';
import { createLineLogger } from '../../lib/server/logger';
import { needPrograms } from '../support/binaries';
import { get, OwnRedis, until } from './helpers';

async function record(url: string, value: number): Promise<void> {
  const registry = new CollectorRegistry({ redis: url, namespace: 'outage', flushIntervalMs: 0 });
  registry.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc(value);
  expect(await registry.close()).to.equal(true);
}

describe('server: Redis outage (own redis-server)', () => {
  let redis: OwnRedis;
  let server: ExpositionServer | undefined;

  before(async function () {
    needPrograms(this, 'redis-server');
    redis = await OwnRedis.start();
  });
  afterEach(async () => {
    await server?.close();
  });
  after(async () => {
    await redis?.stop(); // undefined when the before hook skipped or failed
  });

  it('should answer 503 on /metrics and /healthz while Redis is down, and recover when it is back', async () => {
    await record(redis.url, 7);
    const logs: string[] = [];
    server = await new ExpositionServer({
      redis: redis.url,
      namespaces: ['outage'],
      port: 0,
      host: '127.0.0.1',
      readTimeoutMs: 2000,
      logger: createLineLogger((line) => logs.push(line)),
    }).listen();
    const base = `http://127.0.0.1:${server.port}`;
    expect((await get(`${base}/metrics`)).text).to.contain('hits_total{namespace="outage"} 7');
    expect((await get(`${base}/healthz`)).status).to.equal(200);

    await redis.stop();
    await until(async () => (await get(`${base}/healthz`)).status === 503, 10_000, '/healthz to answer 503');
    const health = await get(`${base}/healthz`);
    expect(health.text).to.match(/^redis unreachable/);
    const scrape = await get(`${base}/metrics`);
    expect(scrape.status).to.equal(503);
    expect(scrape.text).to.match(/^cannot read the metrics/);
    expect((await get(`${base}/metrics/outage`)).status).to.equal(503);
    expect(logs.some((l) => l.includes('level=error') && l.includes('redis unreachable'))).to.equal(true);

    await redis.start();
    await until(async () => (await get(`${base}/healthz`)).status === 200, 15_000, '/healthz to answer 200 again');
    await record(redis.url, 2); // the restarted redis-server keeps no data
    const back = await get(`${base}/metrics`);
    expect(back.status).to.equal(200);
    expect(back.text).to.contain('hits_total{namespace="outage"} 2');
    expect(logs.some((l) => l.includes('redis reachable again'))).to.equal(true);
  });

  it('should answer 503 at once, not after the read timeout, when Redis shuts down politely', async () => {
    await record(redis.url, 1);
    const logs: string[] = [];
    server = await new ExpositionServer({
      redis: redis.url,
      namespaces: ['outage'],
      port: 0,
      host: '127.0.0.1',
      readTimeoutMs: 60_000, // longer than this test may take: a 503 must not come from the timeout
      logger: createLineLogger((line) => logs.push(line)),
    }).listen();
    const base = `http://127.0.0.1:${server.port}`;
    expect((await get(`${base}/metrics`)).status).to.equal(200);
    await redis.shutdown();
    try {
      await until(() => logs.some((l) => l.includes('redis unreachable')), 10_000, 'the outage to be noticed');
      expect((await get(`${base}/metrics`)).status).to.equal(503);
      expect((await get(`${base}/healthz`)).status).to.equal(503);
    } finally {
      await redis.start();
    }
    await until(async () => (await get(`${base}/healthz`)).status === 200, 15_000, '/healthz to answer 200 again');
  });

  it('should answer 503 from the start when Redis is down at startup, without waiting for the read timeout', async () => {
    await redis.stop();
    try {
      server = await new ExpositionServer({
        redis: redis.url,
        namespaces: ['outage'],
        port: 0,
        host: '127.0.0.1',
        readTimeoutMs: 60_000,
        logger: createLineLogger(() => undefined),
      }).listen();
      const base = `http://127.0.0.1:${server.port}`;
      // the first connection attempt fails at once (connection refused); from then on scrapes fail fast
      await until(async () => (await get(`${base}/metrics`)).status === 503, 10_000, '/metrics to answer 503');
      expect((await get(`${base}/healthz`)).status).to.equal(503);
    } finally {
      await redis.start();
    }
  });
});
