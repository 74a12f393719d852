// @ts-nocheck
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createMetricsHandler, MetricsHandler } from '../../lib/server/createMetricsHandler';
import { freePort, get, until } from './helpers';

describe('server/createMetricsHandler /healthz while Redis is unreachable', () => {
  let handler: MetricsHandler | undefined;
  let server: Server | undefined;

  afterEach(async () => {
    if (server !== undefined) await new Promise((r) => server!.close(r));
    await handler?.close();
    server = handler = undefined;
  });

  async function serve(auth?: { bearerToken: string }): Promise<{ base: string; port: number }> {
    const port = await freePort(); // nothing listens there
    handler = createMetricsHandler({ redis: `redis://127.0.0.1:${port}`, namespaces: ['app'], readTimeoutMs: 500, auth });
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, port };
  }

  it('should tell anyone only that Redis is unreachable, and an authenticated request why, once', async () => {
    const { base, port } = await serve({ bearerToken: 'tok' });
    await until(async () => (await get(`${base}/healthz`)).status === 503, 5000, '/healthz to answer 503');
    const open = await get(`${base}/healthz`);
    expect(open.text).to.equal('redis unreachable\n');
    expect(open.headers['x-content-type-options']).to.equal('nosniff');
    const wrong = await get(`${base}/healthz`, { Authorization: 'Bearer nope' });
    expect(wrong.text).to.equal('redis unreachable\n');
    const authed = await get(`${base}/healthz`, { Authorization: 'Bearer tok' });
    expect(authed.status).to.equal(503);
    expect(authed.text).to.contain(`127.0.0.1:${port}`);
    expect(authed.text.match(/redis unreachable/gi)).to.have.length(1);
  });

  it('should show no connection details when there are no credentials to check', async () => {
    const { base } = await serve();
    await until(async () => (await get(`${base}/healthz`)).status === 503, 5000, '/healthz to answer 503');
    expect((await get(`${base}/healthz`)).text).to.equal('redis unreachable\n');
  });
});
