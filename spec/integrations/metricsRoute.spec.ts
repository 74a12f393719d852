import { expect } from 'chai';
import { needPrograms } from '../support/binaries';
import Router from '@koa/router';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { expressMetrics, metricsRoute as expressRoute } from '../../lib/integrations/express';
import { fastifyMetrics } from '../../lib/integrations/fastify';
import { koaMetrics, metricsRoute as koaRoute } from '../../lib/integrations/koa';
import { InstrumentorModule } from '../../lib/integrations/nest';
import { OwnedRedisServer } from '../fault/ownedRedis';
import { decodeFamilies } from '../support/protobuf';
import { uniqueNamespace } from '../support/redis';
import { close, listen } from './support';
import { compileLegacy } from './nest/compileLegacy';

const express5Path = require.resolve('express', { paths: [dirname(require.resolve('@nestjs/platform-express'))] });
const load = (path: string): any => module.require(path);

/** An application under test: its URL, the path of its own route, and how to stop it. */
interface App {
  url: string;
  ownPath: string;
  stop(): Promise<void>;
}

/** Each framework, started with its metrics middleware and its in-app metrics route reading `redis`. */
const frameworks: Array<[string, (redis: string, registry: CollectorRegistry) => Promise<App>]> = [
  ...[
    [`express ${load('express/package.json').version}`, express],
    [`express ${load(join(dirname(express5Path), 'package.json')).version}`, load(express5Path)],
  ].map(([name, framework]): [string, (redis: string, registry: CollectorRegistry) => Promise<App>] => [
    name,
    async (redis, registry) => {
      const app = (framework as typeof express)();
      const metrics = expressRoute({ redis, registry });
      app.use(expressMetrics({ registry }));
      app.use(metrics);
      app.get('/hello', (_req, res) => {
        res.send('hello');
      });
      const server: Server = createServer(app);
      const url = await listen(server);
      return { url, ownPath: '/hello', stop: async () => (await close(server), await metrics.close()) };
    },
  ]),
  [
    'fastify',
    async (redis, registry) => {
      const app = Fastify();
      await app.register(fastifyMetrics, { registry, metricsPath: '/metrics', exposition: { redis } });
      app.get('/hello', async () => 'hello');
      await app.listen({ port: 0, host: '127.0.0.1' });
      return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, ownPath: '/hello', stop: () => app.close() };
    },
  ],
  [
    'koa',
    async (redis, registry) => {
      const app = new Koa();
      const router = new Router();
      router.get('/hello', (ctx) => {
        ctx.body = 'hello';
      });
      const metrics = koaRoute({ redis, registry });
      app.use(koaMetrics({ registry }));
      app.use(metrics);
      app.use(router.routes());
      const server = createServer(app.callback());
      const url = await listen(server);
      return { url, ownPath: '/hello', stop: async () => (await close(server), await metrics.close()) };
    },
  ],
  ...(['express', 'fastify'] as const).map((platform): [string, (redis: string, registry: CollectorRegistry) => Promise<App>] => [
    `nest (${platform} platform)`,
    async (redis, registry) => {
      const fixture = compileLegacy<typeof import('./nest/fixture/app')>(join(__dirname, 'nest', 'fixture', 'app.ts'));
      const module: DynamicModule = InstrumentorModule.forRoot({ registry, metrics: { redis } });
      const { AppModule } = fixture.createAppModule(module);
      const app: INestApplication =
        platform === 'fastify'
          ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false })
          : await NestFactory.create(AppModule, { logger: false });
      await app.listen(0, '127.0.0.1');
      return { url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`, ownPath: '/health', stop: () => app.close() };
    },
  ]),
  [
    'nest (forRootAsync, metricsPath given next to the factory)',
    async (redis, registry) => {
      const fixture = compileLegacy<typeof import('./nest/fixture/app')>(join(__dirname, 'nest', 'fixture', 'app.ts'));
      const module: DynamicModule = InstrumentorModule.forRootAsync({ metricsPath: '/metrics', useFactory: async () => ({ registry, metrics: { redis } }) });
      const { AppModule } = fixture.createAppModule(module);
      const app: INestApplication = await NestFactory.create(AppModule, { logger: false });
      await app.listen(0, '127.0.0.1');
      return { url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`, ownPath: '/health', stop: () => app.close() };
    },
  ],
];

describe('integrations: the in-app metrics route (real Redis, killed)', function () {
  this.timeout(60_000);
  let redis: OwnedRedisServer;

  before(async function () {
    needPrograms(this, 'redis-server', 'redis-cli');
    redis = await OwnedRedisServer.start();
  });
  after(async () => {
    await redis?.stop();
  });

  for (const [name, start] of frameworks) {
    describe(name, () => {
      let app: App | undefined;
      let registry: CollectorRegistry | undefined;

      afterEach(async () => {
        await app?.stop();
        app = undefined;
        await registry?.close(500);
        registry = undefined;
        if (!(await reachable(redis))) await redis.restart();
      });

      it('serves the namespace with negotiation (text, OpenMetrics, protobuf) and gzip, then answers 503 within a second while Redis is down, and the app keeps serving', async () => {
        const namespace = uniqueNamespace('route');
        registry = new CollectorRegistry({ redis: redis.url, namespace, flushIntervalMs: 0, onError: () => undefined });
        registry.register(new Counter({ name: 'orders_total', description: 'Orders placed' })).inc(3);
        expect(await registry.flush()).to.equal(true);
        app = await start(redis.url, registry);

        const text = await fetch(`${app.url}/metrics/${namespace}`);
        expect(text.status).to.equal(200);
        expect(text.headers.get('content-type')).to.contain('text/plain; version=0.0.4');
        expect(await text.text()).to.contain('orders_total 3\n');
        const om = await fetch(`${app.url}/metrics`, { headers: { accept: 'application/openmetrics-text; version=1.0.0', 'accept-encoding': 'gzip' } });
        expect(om.status).to.equal(200);
        expect(om.headers.get('content-type')).to.contain('application/openmetrics-text');
        expect(om.headers.get('content-encoding')).to.equal('gzip');
        const body = Buffer.from(await om.arrayBuffer());
        // fetch decompresses by itself; either way the body is OpenMetrics
        const omText = body[0] === 0x1f ? gunzipSync(body).toString('utf8') : body.toString('utf8');
        expect(omText).to.contain(`orders_total{namespace="${namespace}"} 3`);
        expect(omText).to.match(/# EOF\n$/);
        const pb = await fetch(`${app.url}/metrics/${namespace}`, {
          headers: { accept: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited' },
        });
        expect(pb.headers.get('content-type')).to.contain('application/vnd.google.protobuf');
        const orders = decodeFamilies(Buffer.from(await pb.arrayBuffer())).find((f) => f.name === 'orders_total');
        expect(orders).to.deep.equal({ name: 'orders_total', help: 'Orders placed', type: 'COUNTER', metric: [{ counter: { value: 3 } }] });

        await redis.kill();
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          const down = await fetch(`${app.url}/metrics`);
          const ms = performance.now() - started;
          expect(down.status, await down.text()).to.equal(503);
          expect(ms, `scrape ${i + 1} took ${ms.toFixed(0)} ms`).to.be.below(1000);
          const own = await fetch(app.url + app.ownPath);
          expect(own.status).to.equal(200);
        }
        // the process is still here and serving after the outage outlived ioredis' retries
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect((await fetch(app.url + app.ownPath)).status).to.equal(200);
      });
    });
  }
});

async function reachable(redis: OwnedRedisServer): Promise<boolean> {
  return redis.cli('ping') === 'PONG';
}
