// @ts-nocheck
import { expect } from 'chai';
import Router from '@koa/router';
import Koa from 'koa';
import { createServer, Server } from 'node:http';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { koaMetrics } from '../../lib/integrations/koa';
import { REDIS_URL, useNamespace } from '../support/redis';
import { close, eventually, expectHttpSeries, listen, seriesOf } from './support';


describe('integrations/koa (real Redis)', () => {
  const ctx = useNamespace('koa');
  let registry: CollectorRegistry | undefined;
  let server: Server | undefined;

  afterEach(async () => {
    if (server !== undefined) await close(server);
    server = undefined;
    await registry?.close();
    registry = undefined;
  });

  it('should count requests by method, route template and status, and flush them after the response', async () => {
    const reg = (registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
    const app = new Koa();
    app.silent = true; // the thrown errors below are expected
    const router = new Router();
    router.get('/users/:id', (c) => {
      c.body = { id: c.params.id };
    });
    router.post('/users', (c) => {
      c.status = 201;
    });
    router.get('/boom/:n', () => {
      throw new Error('handler failed');
    });
    const api = new Router({ prefix: '/api/v1' });
    api.get('/items/:itemId', (c) => {
      if (c.params.itemId === 'bad') c.throw(400, 'bad item');
      c.body = 'item';
    });
    app.use(koaMetrics({ registry: reg }));
    app.use(router.routes());
    app.use(api.routes());
    server = createServer(app.callback());
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
      ['GET', '/nothing/here/42'],
    ]) {
      const res = await fetch(url + path, { method });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).to.deep.equal([200, 200, 200, 201, 500, 200, 400, 404]);

    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    const expected = {
      '{method="GET",route="/users/:id",status="200"}': 3,
      '{method="POST",route="/users",status="201"}': 1,
      '{method="GET",route="/boom/:n",status="500"}': 1,
      '{method="GET",route="/api/v1/items/:itemId",status="200"}': 1,
      '{method="GET",route="/api/v1/items/:itemId",status="400"}': 1,
      '{method="GET",route="<unmatched>",status="404"}': 1,
    };
    // no explicit flush: the integration flushed after each response
    await expectHttpSeries(client, expected);
    await client.close();
  });

  it('should pass errors of later middleware on unchanged', async () => {
    const reg = (registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
    const app = new Koa();
    const seen: unknown[] = [];
    app.use(async (c, next) => {
      try {
        await next();
      } catch (err) {
        seen.push(err);
        c.status = 418;
        c.body = 'caught';
      }
    });
    app.use(koaMetrics({ registry: reg }));
    const failure = new Error('downstream');
    app.use(() => {
      throw failure;
    });
    server = createServer(app.callback());
    const url = await listen(server);
    const res = await fetch(url + '/x');
    expect(res.status).to.equal(418);
    expect(await res.text()).to.equal('caught');
    expect(seen).to.deep.equal([failure]);
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    await eventually(async () =>
      expect(await seriesOf(client, 'http_requests_total')).to.deep.equal({
        '{method="GET",route="<unmatched>",status="418"}': 1,
      }),
    );
    await client.close();
  });
});
