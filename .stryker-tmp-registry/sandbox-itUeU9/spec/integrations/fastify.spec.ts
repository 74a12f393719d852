// @ts-nocheck
import { expect } from 'chai';
import Fastify, { FastifyInstance } from 'fastify';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { fastifyMetrics } from '../../lib/integrations/fastify';
import { REDIS_URL, useNamespace } from '../support/redis';
import { eventually, expectHttpSeries, seriesOf } from './support';

const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort());

describe('integrations/fastify (real Redis)', () => {
  const ctx = useNamespace('fastify');
  let registry: CollectorRegistry | undefined;
  let app: FastifyInstance | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await registry?.close();
    registry = undefined;
  });

  it('should count requests by method, route template and status, and flush them after the response', async () => {
    const reg = (registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
    app = Fastify();
    await app.register(fastifyMetrics, { registry: reg });
    app.get('/users/:id', async (request) => ({ id: (request.params as { id: string }).id }));
    app.post('/users', async (_request, reply) => reply.code(201).send());
    app.get('/boom/:n', async () => {
      throw new Error('handler failed');
    });
    // routes in an encapsulated plugin with a prefix are instrumented too
    await app.register(
      async (child) => {
        child.get('/items/:itemId', async (request, reply) => {
          if ((request.params as { itemId: string }).itemId === 'bad') return reply.code(400).send('bad item');
          return 'item';
        });
      },
      { prefix: '/api/v1' },
    );
    const url = await app.listen({ port: 0, host: '127.0.0.1' });

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
      ['DELETE', '/users/1'],
    ]) {
      const res = await fetch(url + path, { method });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).to.deep.equal([200, 200, 200, 201, 500, 200, 400, 404, 404]);

    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    const expected = {
      '{method="GET",route="/users/:id",status="200"}': 3,
      '{method="POST",route="/users",status="201"}': 1,
      '{method="GET",route="/boom/:n",status="500"}': 1,
      '{method="GET",route="/api/v1/items/:itemId",status="200"}': 1,
      '{method="GET",route="/api/v1/items/:itemId",status="400"}': 1,
      '{method="GET",route="<unmatched>",status="404"}': 1,
      '{method="DELETE",route="<unmatched>",status="404"}': 1,
    };
    // no explicit flush: the integration flushed after each response
    await expectHttpSeries(client, expected);
    await client.close();
  });

  it('should flush the responses of a debounce window and label unmatched routes as configured', async () => {
    const reg = (registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
    app = Fastify();
    await app.register(fastifyMetrics, { registry: reg, flushDebounceMs: 50, unmatchedRoute: 'other' });
    app.get('/ping', async () => 'pong');
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    await Promise.all([1, 2, 3].map(() => fetch(url + '/ping').then((r) => r.text())));
    await (await fetch(url + '/missing')).arrayBuffer();
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    await eventually(async () =>
      expect(sorted(await seriesOf(client, 'http_requests_total'))).to.deep.equal({
        '{method="GET",route="/ping",status="200"}': 3,
        '{method="GET",route="other",status="404"}': 1,
      }),
    );
    await client.close();
  });

  it('should fail registration on bad options', async () => {
    app = Fastify();
    let error: Error | undefined;
    try {
      await app.register(fastifyMetrics, { registry: undefined as any });
    } catch (err) {
      error = err as Error;
    }
    expect(error).to.be.instanceOf(TypeError);
    expect(error!.message).to.match(/registry/);
  });
});
