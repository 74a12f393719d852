import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpMetrics, HttpMetricsOptions } from './HttpMetrics';

/** FastifyMetricsOptions configure `fastifyMetrics`; see HttpMetricsOptions. */
export type FastifyMetricsOptions = HttpMetricsOptions;

/**
 * fastifyMetrics is a Fastify plugin (Fastify 4 and 5) that counts every
 * request and times it by method, route template (`request.routeOptions.url`,
 * such as `/users/:id`) and status code, and flushes the registry in the
 * `onResponse` hook, after the response has been sent. Requests that matched
 * no route get the `unmatchedRoute` label, `<unmatched>` by default; requests
 * the client aborted are not counted. The plugin's hooks apply to the whole
 * instance it is registered on, like plugins wrapped by `fastify-plugin`.
 * Registration fails with a TypeError when the options have no registry, and
 * like `CollectorRegistry.register` when other metrics have the names.
 *
 * @example
 * const app = Fastify();
 * await app.register(fastifyMetrics, { registry });
 * app.get('/users/:id', async (request) => ({ id: (request.params as { id: string }).id }));
 */
export const fastifyMetrics = Object.assign(
  function fastifyMetrics(instance: FastifyInstance, options: FastifyMetricsOptions, done: (err?: Error) => void): void {
    let metrics: HttpMetrics;
    try {
      metrics = new HttpMetrics(options);
    } catch (err) {
      done(err as Error);
      return;
    }
    const started = new WeakMap<FastifyRequest, number>();
    instance.addHook('onRequest', (request, _reply, next) => {
      started.set(request, performance.now());
      next();
    });
    instance.addHook('onResponse', (request, reply, next) => {
      const start = started.get(request);
      const seconds = start === undefined ? 0 : (performance.now() - start) / 1000;
      const route = request.is404 ? undefined : request.routeOptions.url;
      metrics.record(request.method, route, reply.statusCode, seconds);
      next();
    });
    instance.addHook('onRequestAbort', (_request, next) => {
      metrics.flushSoon();
      next();
    });
    done();
  },
  {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'instrumentor',
    [Symbol.for('plugin-meta')]: { name: 'instrumentor', fastify: '4.x || 5.x' },
  },
);

export { HttpMetrics, UNMATCHED_ROUTE } from './HttpMetrics';
export type { HttpLabel, HttpMetricsOptions } from './HttpMetrics';
export type { FlushOptions } from './FlushScheduler';
