// @ts-nocheck
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsHandler } from '../server/createMetricsHandler';
import { HttpMetrics, HttpMetricsOptions } from './HttpMetrics';
import { metricsRouteHandler, MetricsRouteOptions } from './metricsRoute';

/** FastifyMetricsOptions configure `fastifyMetrics`; see HttpMetricsOptions. */
export interface FastifyMetricsOptions extends HttpMetricsOptions {
  /**
   * Serve the metrics from Redis in the application on this path:
   * `GET <metricsPath>` (every namespace, each series labelled with its
   * namespace) and `GET <metricsPath>/<namespace>`, with content negotiation
   * and gzip, 503 at once while Redis is down. Needs `exposition`.
   * @default no metrics route
   */
  metricsPath?: string;
  /**
   * Where the metrics route reads (`redis`, on a connection of its own made
   * to fail fast) and what it serves (`namespaces`, by default the registry's).
   * The connection is closed when the Fastify instance closes.
   */
  exposition?: Omit<MetricsRouteOptions, 'metricsPath' | 'registry'>;
}

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
    let route: MetricsHandler | undefined;
    try {
      const { metricsPath, exposition, ...httpOptions } = options;
      metrics = new HttpMetrics(httpOptions);
      if (metricsPath !== undefined) {
        if (exposition === undefined) throw new TypeError('fastifyMetrics: metricsPath needs exposition options ({ redis })');
        route = metricsRouteHandler({ ...exposition, registry: options.registry, metricsPath });
        const serve = (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
          reply.hijack();
          return route!(request.raw, reply.raw);
        };
        instance.get(metricsPath, serve);
        instance.get(`${metricsPath === '/' ? '' : metricsPath}/:namespace`, serve);
        instance.addHook('onClose', (_instance, closed) => {
          void route!.close().then(() => closed(), closed);
        });
      }
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
export type { MetricsRouteOptions } from './metricsRoute';
export type { HttpLabel, HttpMetricsOptions } from './HttpMetrics';
export type { FlushOptions } from './FlushScheduler';
