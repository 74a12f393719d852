// @ts-nocheck
import { expect } from 'chai';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ExpositionClient } from '../../../lib/exposition/ExpositionClient';
import { Counter } from '../../../lib/metrics/Counter';
import { CollectorRegistry } from '../../../lib/registry/CollectorRegistry';
import { RedisStore } from '../../../lib/store/RedisStore';
import { InstrumentorModule } from '../../../lib/integrations/nest';
import { REDIS_URL, useNamespace } from '../../support/redis';
import { eventually, seriesOf } from '../support';
import { compileLegacy } from './compileLegacy';

type Fixture = typeof import('./fixture/app');

const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort());

describe('integrations/nest (real Redis)', function () {
  this.timeout(30_000);
  const ctx = useNamespace('nest');
  let fixture: Fixture;
  let app: INestApplication | undefined;

  before(() => {
    fixture = compileLegacy<Fixture>(join(__dirname, 'fixture', 'app.ts'));
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(instrumentor: DynamicModule, prefix?: string, platform: 'express' | 'fastify' = 'express'): Promise<string> {
    const { AppModule } = fixture.createAppModule(instrumentor);
    app =
      platform === 'fastify'
        ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false })
        : await NestFactory.create(AppModule, { logger: false });
    if (prefix !== undefined) app.setGlobalPrefix(prefix);
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }

  async function requests(url: string, calls: Array<[string, string]>): Promise<number[]> {
    const statuses: number[] = [];
    for (const [method, path] of calls) {
      const res = await fetch(url + path, { method });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    return statuses;
  }

  it('should provide the registry, record handler requests through the interceptor and decorated provider methods, and close the registry it made', async () => {
    const url = await start(
      InstrumentorModule.forRoot({ registry: { redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 } }),
    );
    const statuses = await requests(url, [
      ['GET', '/cats/1'],
      ['GET', '/cats/2'],
      ['GET', '/cats/0'],
      ['POST', '/cats'],
      ['GET', '/cats/crash/5'],
      ['GET', '/health'],
      ['GET', '/nothing'],
    ]);
    expect(statuses).to.deep.equal([200, 200, 404, 201, 500, 200, 404]);
    const registry = app!.get(CollectorRegistry);
    expect(registry.namespace).to.equal(ctx.namespace);

    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    // the controller with the interceptor is counted; /health (no interceptor) and unmatched paths are not
    await eventually(async () =>
      expect(sorted(await seriesOf(client, 'http_requests_total'))).to.deep.equal({
        '{method="GET",route="/cats/:id",status="200"}': 2,
        '{method="GET",route="/cats/:id",status="404"}': 1,
        '{method="GET",route="/cats/crash/:n",status="500"}': 1,
        '{method="POST",route="/cats",status="201"}': 1,
      }),
    );
    // the decorators on the provider recorded into the injected registry, flushed after the responses
    expect(sorted(await seriesOf(client, 'cat_lookups_total'))).to.deep.equal({
      '{outcome="error"}': 1,
      '{outcome="success"}': 2,
    });
    expect(await seriesOf(client, 'cat_lookup_seconds')).to.deep.equal({ '': 3 });
    await client.close();

    await app!.close();
    app = undefined;
    // the connection the module's registry made is closed (ioredis reports it as the socket closes)
    await eventually(async () => expect((registry.backend as RedisStore).redis.status).to.equal('end'));
  });

  it('should apply the interceptor to every handler once when global, with the global prefix in the route, and flush a registry it was given without closing it', async () => {
    const registry = new CollectorRegistry({ redis: ctx.redis, namespace: ctx.namespace, flushIntervalMs: 0 });
    const url = await start(InstrumentorModule.forRoot({ registry, globalInterceptor: true, http: { prefix: 'api_' } }), 'api');
    expect(await requests(url, [['GET', '/api/health'], ['GET', '/api/cats/7']])).to.deep.equal([200, 200]);
    expect(app!.get(CollectorRegistry)).to.equal(registry);
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    await eventually(async () =>
      expect(sorted(await seriesOf(client, 'api_requests_total'))).to.deep.equal({
        '{method="GET",route="/api/cats/:id",status="200"}': 1,
        '{method="GET",route="/api/health",status="200"}': 1,
      }),
    );
    // shutting down flushes what is pending, and leaves the given registry open
    const late = registry.register(new Counter({ name: 'late_total', description: 'Recorded after the last response' }));
    late.inc(3);
    await app!.close();
    app = undefined;
    expect(await seriesOf(client, 'late_total')).to.deep.equal({ '': 3 });
    late.inc();
    expect(await registry.flush()).to.equal(true);
    expect(await seriesOf(client, 'late_total')).to.deep.equal({ '': 4 });
    await client.close();
    await registry.close();
  });

  it('should label requests with the route template on the Fastify platform too', async () => {
    const url = await start(
      InstrumentorModule.forRoot({ registry: { redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 } }),
      'api',
      'fastify',
    );
    const statuses = await requests(url, [
      ['GET', '/api/cats/1'],
      ['GET', '/api/cats/0'],
      ['GET', '/api/cats/crash/5'],
      ['POST', '/api/cats'],
    ]);
    expect(statuses).to.deep.equal([200, 404, 500, 201]);
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    await eventually(async () =>
      expect(sorted(await seriesOf(client, 'http_requests_total'))).to.deep.equal({
        '{method="GET",route="/api/cats/:id",status="200"}': 1,
        '{method="GET",route="/api/cats/:id",status="404"}': 1,
        '{method="GET",route="/api/cats/crash/:n",status="500"}': 1,
        '{method="POST",route="/api/cats",status="201"}': 1,
      }),
    );
    await client.close();
  });

  it('should build the module from a factory with forRootAsync', async () => {
    const url = await start(
      InstrumentorModule.forRootAsync({
        useFactory: async () => ({ registry: { redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 } }),
        globalInterceptor: true,
      }),
    );
    expect(await requests(url, [['GET', '/health']])).to.deep.equal([200]);
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    await eventually(async () =>
      expect(await seriesOf(client, 'http_requests_total')).to.deep.equal({
        '{method="GET",route="/health",status="200"}': 1,
      }),
    );
    await client.close();
  });
});
