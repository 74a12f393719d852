// @ts-nocheck
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import Redis from 'ioredis';
import { namespaceKey } from '../../lib/codec/field';
import { createMetricsHandler, MetricsHandler } from '../../lib/server/createMetricsHandler';
import type { Logger } from '../../lib/server/logger';
import { expectParses } from '../support/openMetricsParser';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../support/redis';
import { get } from './helpers';

describe('server: a namespace that cannot be read', () => {
  let redis: Redis;
  let good: string;
  let broken: string;
  let handler: MetricsHandler | undefined;
  let server: Server | undefined;
  let errors: Array<[string, Record<string, unknown>]>;
  const logger: Logger = { info: () => undefined, warn: () => undefined, error: (m, f) => errors.push([m, f ?? {}]) };

  before(() => {
    redis = new Redis(REDIS_URL);
  });
  beforeEach(async () => {
    good = uniqueNamespace('good');
    broken = uniqueNamespace('broken');
    errors = [];
    await redis.hset(namespaceKey(good), 'orders_total:t:', 'c', 'orders_total::method="card"', '3');
    await redis.set(namespaceKey(broken), 'not a hash'); // WRONGTYPE for every read
  });
  afterEach(async () => {
    if (server !== undefined) await new Promise((r) => server!.close(r));
    server = undefined;
    await handler?.close();
    handler = undefined;
    await redis.del(...namespaceKeys(good), ...namespaceKeys(broken));
  });
  after(async () => {
    await redis.quit();
  });

  async function serve(namespaces: string[]): Promise<string> {
    handler = createMetricsHandler({ redis: REDIS_URL, namespaces, logger });
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('should leave it out of /metrics, serve the others, and say so in the log and in instrumentor_namespace_up', async function () {
    const base = await serve([broken, good]);
    const res = await get(`${base}/metrics`);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain(`orders_total{method="card",namespace="${good}"} 3\n`);
    expect(res.text).to.contain(`instrumentor_namespace_up{namespace="${broken}"} 0\n`);
    expect(res.text).to.contain(`instrumentor_namespace_up{namespace="${good}"} 1\n`);
    expect(res.text).to.match(new RegExp(`^instrumentor_namespace_read_seconds\\{namespace="${broken}"\\} [0-9.e-]+$`, 'm'));
    expect(res.text).to.match(new RegExp(`^instrumentor_namespace_read_seconds\\{namespace="${good}"\\} [0-9.e-]+$`, 'm'));
    expect(errors).to.have.length(1);
    expect(errors[0][1].namespace).to.equal(broken);
    expect(String(errors[0][1].error)).to.match(/WRONGTYPE/);

    // the same failure is logged once a minute, not once a scrape
    expect((await get(`${base}/metrics`)).status).to.equal(200);
    expect(errors).to.have.length(1);

    const om = await get(`${base}/metrics?format=openmetrics`);
    expect(om.text).to.contain(`instrumentor_namespace_up{namespace="${broken}"} 0\n`);
    await expectParses(this, om.text);
  });

  it('should fail /metrics/<namespace> alone, naming the namespace', async () => {
    const base = await serve([broken, good]);
    const bad = await get(`${base}/metrics/${broken}`);
    expect(bad.status).to.equal(503);
    expect(bad.text).to.contain(`namespace "${broken}"`);
    expect(bad.text).to.match(/WRONGTYPE/);
    const ok = await get(`${base}/metrics/${good}`);
    expect(ok.status).to.equal(200);
    expect(ok.text).to.contain('orders_total{method="card"} 3\n');
  });

  it('should answer 503 on /metrics when no namespace can be read, naming each', async () => {
    const other = uniqueNamespace('broken');
    await redis.set(namespaceKey(other), 'not a hash either');
    try {
      const base = await serve([broken, other]);
      const res = await get(`${base}/metrics`);
      expect(res.status).to.equal(503);
      expect(res.text).to.contain(`namespace "${broken}"`);
      expect(res.text).to.contain(`namespace "${other}"`);
    } finally {
      await redis.del(...namespaceKeys(other));
    }
  });
});
