import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { createMetricsHandler, MetricsHandler } from '../../lib/server/createMetricsHandler';
import { get } from './helpers';

/** Series enough for an answer of about a megabyte: many chunks, and more than a socket buffer holds. */
const SERIES = 12_000;

describe('server: a large scrape is rendered in slices and streamed', () => {
  let handler: MetricsHandler;
  let server: Server;
  let base: string;

  before(async () => {
    const store = new MemoryStore();
    for (const namespace of ['big', 'other']) {
      const registry = new CollectorRegistry({ store, namespace, flushIntervalMs: 0 });
      const counter = registry.register(new Counter({ name: 'requests_total', description: 'Requests', allowedLabels: ['route', 'status'], maxSeries: SERIES }));
      for (let i = 0; i < SERIES / 2; i++) counter.inc({ route: `/route/${i}`, status: String(200 + (i % 5)) }, i + 1);
      await registry.flush();
      await registry.close();
    }
    handler = createMetricsHandler({ store, namespaces: ['big', 'other'] });
    server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    await handler?.close();
  });

  it('should send what render renders, with its Content-Length, in both text formats and compressed', async () => {
    // the server's own metrics change from scrape to scrape: the namespaces' lines are compared
    const ours = (text: string) => text.split('\n').filter((l) => !l.includes('instrumentor_'));
    for (const format of ['text', 'openmetrics'] as const) {
      const expected = ours(await handler.render(format));
      expect(expected.filter((l) => l.startsWith('requests_total')).length).to.equal(SERIES);
      const plain = await get(`${base}/metrics?format=${format}`);
      expect(plain.status).to.equal(200);
      expect(plain.headers['content-length']).to.equal(String(plain.body.length));
      expect(plain.body.length).to.be.greaterThan(500_000);
      expect(ours(plain.text), `${format} body`).to.deep.equal(expected);
      const zipped = await get(`${base}/metrics?format=${format}`, { 'Accept-Encoding': 'gzip' });
      expect(zipped.headers['content-encoding']).to.equal('gzip');
      expect(zipped.headers['content-length']).to.equal(String(zipped.body.length));
      expect(ours(gunzipSync(zipped.body).toString('utf8')), `${format} gzip body`).to.deep.equal(expected);
    }
  });

  it('should stream the text of one namespace copied from its sample lines, byte for byte', async () => {
    const one = await get(`${base}/metrics/big`);
    const expected = await handler.render('text', 'big');
    expect(expected.split('\n').filter((l) => l.startsWith('requests_total')).length).to.equal(SERIES / 2);
    expect([one.status, one.headers['content-length']]).to.deep.equal([200, String(Buffer.byteLength(expected))]);
    expect(one.text === expected).to.equal(true);
    const reader = handler.readers.get('big')!;
    const families = await reader.read();
    expect([...reader.textChunks(families)].join('') === reader.text(families)).to.equal(true);
    expect([...reader.textChunks(families)].length).to.be.greaterThan(10);
  });

  it('should answer HEAD with the length and no body', async () => {
    const head = await get(`${base}/metrics`, {}, 'HEAD');
    expect([head.status, head.body.length]).to.deep.equal([200, 0]);
    expect(Number(head.headers['content-length'])).to.be.greaterThan(500_000);
  });

  it('should stop writing to a scraper that goes away mid-answer, and keep serving', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request(`${base}/metrics`, { agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.end();
    });
    const again = await get(`${base}/metrics`);
    expect(again.status).to.equal(200);
    expect(again.text.endsWith('\n')).to.equal(true);
  });
});
