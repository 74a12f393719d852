// @ts-nocheck
import { expect } from 'chai';
import express from 'express';
import { createServer, Server } from 'node:http';
import { dirname, join } from 'node:path';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { expressMetrics } from '../../lib/integrations/express';
import { REDIS_URL, useNamespace } from '../support/redis';
import { close, eventually, expectHttpSeries, HangingStore, listen, seriesOf } from './support';

// Express 5 comes with @nestjs/platform-express; both majors are tested.
const express5Path = require.resolve('express', { paths: [dirname(require.resolve('@nestjs/platform-express'))] });
const load = (path: string): any => module.require(path);
const versions: Array<[string, typeof express]> = [
  [`express ${load('express/package.json').version}`, express],
  [`express ${load(join(dirname(express5Path), 'package.json')).version}`, load(express5Path)],
];

for (const [version, express] of versions) describe(`integrations/express with ${version} (real Redis)`, () => {
  const ctx = useNamespace('express');
  let registry: CollectorRegistry | undefined;
  let server: Server | undefined;

  afterEach(async () => {
    if (server !== undefined) await close(server);
    server = undefined;
    await registry?.close();
    registry = undefined;
  });

  function app(): express.Express {
    const reg = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 });
    registry = reg;
    const a = express();
    a.use(expressMetrics({ registry: reg }));
    a.get('/users/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    a.post('/users', (_req, res) => {
      res.status(201).end();
    });
    a.get('/boom/:n', () => {
      throw new Error('handler failed');
    });
    const api = express.Router();
    api.get('/items/:itemId', (req, res) => {
      if (req.params.itemId === 'bad') res.status(400).send('bad item');
      else res.send('item');
    });
    api.get('/', (_req, res) => {
      res.send('api root');
    });
    api.get('/fail/:id', (_req, _res, next) => {
      next(new Error('passed on'));
    });
    a.use('/api/v1', api);
    const admin = express();
    admin.get('/stats/:period', (_req, res) => {
      res.send('stats');
    });
    a.use('/admin', admin);
    a.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(503).send(err.message);
    });
    return a;
  }

  it('should count requests by method, route template and status, and flush them after the response', async () => {
    server = createServer(app());
    const url = await listen(server);
    const statuses: number[] = [];
    for (const [method, path] of [
      ['GET', '/users/1'],
      ['GET', '/users/2'],
      ['GET', '/users/3?x=1'],
      ['POST', '/users'],
      ['GET', '/boom/7'],
      ['GET', '/api/v1/items/9'],
      ['GET', '/api/v1/items/bad'],
      ['GET', '/api/v1'],
      ['GET', '/api/v1/fail/5'],
      ['GET', '/admin/stats/week'],
      ['GET', '/nothing/here/42'],
      ['GET', '/nothing/else'],
    ]) {
      const res = await fetch(url + path, { method });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).to.deep.equal([200, 200, 200, 201, 503, 200, 400, 200, 503, 200, 404, 404]);

    // No explicit flush: the middleware flushed after each response.
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    const expected = {
      '{method="GET",route="/users/:id",status="200"}': 3,
      '{method="POST",route="/users",status="201"}': 1,
      '{method="GET",route="/boom/:n",status="503"}': 1,
      '{method="GET",route="/api/v1/items/:itemId",status="200"}': 1,
      '{method="GET",route="/api/v1/items/:itemId",status="400"}': 1,
      '{method="GET",route="/api/v1",status="200"}': 1,
      '{method="GET",route="/api/v1/fail/:id",status="503"}': 1,
      '{method="GET",route="/admin/stats/:period",status="200"}': 1,
      '{method="GET",route="<unmatched>",status="404"}': 2,
    };
    await expectHttpSeries(client, expected);
    const text = await client.expose();
    expect(text).to.contain('# TYPE http_requests_total counter');
    expect(text).to.contain('http_request_duration_seconds_bucket{method="GET",route="/users/:id",status="200",le="+Inf"} 3');
    await client.close();
  });

  it('should flush the metrics the handler recorded along with the request metrics', async () => {
    const a = app();
    const signups = registry!.register(new Counter({ name: 'signups_total', description: 'Sign-ups' }));
    a.post('/signup', (_req, res) => {
      signups.inc();
      res.status(204).end();
    });
    server = createServer(a);
    const url = await listen(server);
    // the route is added after the error handler, which only matters for errors
    expect((await fetch(url + '/signup', { method: 'POST' })).status).to.equal(204);
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    await eventually(async () => expect(await seriesOf(client, 'signups_total')).to.deep.equal({ '': 1 }));
    await client.close();
  });

  it('should not count a request whose client went away, but still flush what its handler recorded', async () => {
    const a = app();
    const started = registry!.register(new Counter({ name: 'slow_started_total', description: 'Slow requests started' }));
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    a.get('/slow', (req) => {
      started.inc();
      arrived();
      req.on('close', () => undefined); // never answers
    });
    server = createServer(a);
    const url = await listen(server);
    const abort = new AbortController();
    const pending = fetch(url + '/slow', { signal: abort.signal }).catch((err: Error) => err.name);
    await arrival;
    abort.abort();
    expect(await pending).to.equal('AbortError');
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    await eventually(async () => expect(await seriesOf(client, 'slow_started_total')).to.deep.equal({ '': 1 }));
    expect(await seriesOf(client, 'http_requests_total')).to.deep.equal({});
    await client.close();
  });

  it('should answer without waiting for a flush that hangs', async () => {
    const store = new HangingStore();
    const errors: Error[] = [];
    const reg = new CollectorRegistry({ store, namespace: ctx.namespace, flushIntervalMs: 0, onError: (e) => errors.push(e) });
    const a = express();
    a.use(expressMetrics({ registry: reg }));
    a.get('/ping', (_req, res) => {
      res.send('pong');
    });
    server = createServer(a);
    const url = await listen(server);
    const res = await fetch(url + '/ping');
    expect(await res.text()).to.equal('pong');
    await eventually(async () => expect(store.writes).to.equal(1));
    // a second response asks again; the registry waits for the stuck flush instead of piling up writes
    expect(await (await fetch(url + '/ping')).text()).to.equal('pong');
    expect(store.writes).to.equal(1);
    // close() gives up on the stuck flush after its timeout
    expect(await reg.close(10)).to.equal(false);
    expect(errors.map((e) => e.name)).to.include('CloseTimeoutError');
  });

  it('should leave flushing to the registry when flush is false', async () => {
    const reg = (registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
    const a = express();
    a.use(expressMetrics({ registry: reg, flush: false, prefix: 'web_' }));
    a.get('/ping', (_req, res) => {
      res.send('pong');
    });
    server = createServer(a);
    const url = await listen(server);
    await (await fetch(url + '/ping')).text();
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    expect(await seriesOf(client, 'web_requests_total')).to.deep.equal({});
    expect(await reg.flush()).to.equal(true);
    expect(await seriesOf(client, 'web_requests_total')).to.deep.equal({ '{method="GET",route="/ping",status="200"}': 1 });
    await client.close();
  });

  it('should share the metrics of two apps on one registry, and refuse a different metric of the same name', async () => {
    const reg = (registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
    const first = expressMetrics({ registry: reg });
    const second = expressMetrics({ registry: reg });
    expect(first).to.be.a('function');
    expect(second).to.be.a('function');
    expect(reg.getMetrics().map((m) => m.name)).to.deep.equal(['http_requests_total', 'http_request_duration_seconds']);
    expect(() => expressMetrics({ registry: reg, buckets: [1, 2] })).to.throw(/http_request_duration_seconds/);
    expect(() => expressMetrics({ registry: undefined as any })).to.throw(TypeError, /registry/);
    expect(() => expressMetrics({ registry: reg, flushDebounceMs: -1 })).to.throw(RangeError, /flushDebounceMs.*-1/);
  });
});
