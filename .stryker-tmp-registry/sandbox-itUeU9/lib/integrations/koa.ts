// @ts-nocheck
import { performance } from 'node:perf_hooks';
import type { Middleware } from 'koa';
import { HttpMetrics, HttpMetricsOptions, routeText } from './HttpMetrics';
import { metricsRouteHandler, MetricsRouteOptions } from './metricsRoute';

/** KoaMetricsOptions configure `koaMetrics`; see HttpMetricsOptions. */
export type KoaMetricsOptions = HttpMetricsOptions;

/**
 * koaMetrics returns Koa middleware (Koa 2 and 3) that counts every request
 * and times it by method, route template and status code, and flushes the
 * registry once the response is finished, without delaying it.
 *
 * The route label is the path of the `@koa/router` route that matched, with
 * the router's prefix (`ctx._matchedRoute`, such as `/api/users/:id`).
 * Requests no route matched get the `unmatchedRoute` label, `<unmatched>` by
 * default; requests whose client went away before the response finished are
 * not counted. Errors thrown by later middleware are counted with the status
 * Koa answers with, and passed on unchanged. Use it first, before the router.
 * Throws a TypeError when the options have no registry, and like
 * `CollectorRegistry.register` when other metrics have the names.
 *
 * @example
 * const app = new Koa();
 * const router = new Router();
 * router.get('/users/:id', (ctx) => { ctx.body = { id: ctx.params.id }; });
 * app.use(koaMetrics({ registry }));
 * app.use(router.routes());
 */
export function koaMetrics(options: KoaMetricsOptions): Middleware {
  const metrics = new HttpMetrics(options);
  return function instrumentorMetrics(ctx, next) {
    const start = performance.now();
    const res = ctx.res;
    let finished = false;
    res.once('finish', () => {
      finished = true;
      const route = routeText((ctx as { _matchedRoute?: unknown })._matchedRoute);
      metrics.record(ctx.method, route, res.statusCode, (performance.now() - start) / 1000);
    });
    res.once('close', () => {
      if (!finished) metrics.flushSoon();
    });
    return next();
  };
}

/** KoaMetricsRoute is the middleware of `metricsRoute`, with `close()` for its Redis connection. */
export interface KoaMetricsRoute extends Middleware {
  /** close closes the Redis connection the route made. */
  close(): Promise<void>;
}

/**
 * metricsRoute returns Koa middleware (Koa 2 and 3) that serves the metrics
 * from Redis in the application: `GET /metrics` (every namespace, each series
 * labelled with its namespace) and `GET /metrics/<namespace>`, with content
 * negotiation and gzip; other paths go to the next middleware. While Redis is
 * down it answers 503 at once and the application keeps serving. Call
 * `close()` when the application stops. Throws a TypeError for bad options.
 *
 * @example
 * const metrics = metricsRoute({ redis: 'redis://127.0.0.1:6379', registry });
 * app.use(metrics);
 */
export function metricsRoute(options: MetricsRouteOptions): KoaMetricsRoute {
  const handler = metricsRouteHandler(options);
  const middleware: Middleware = async (ctx, next) => {
    let passed = false;
    ctx.respond = false; // the handler answers on the raw response
    await handler(ctx.req, ctx.res, () => {
      passed = true;
    });
    if (passed) {
      ctx.respond = true;
      await next();
    }
  };
  return Object.assign(middleware, { close: () => handler.close() });
}

export { HttpMetrics, UNMATCHED_ROUTE } from './HttpMetrics';
export type { MetricsRouteOptions } from './metricsRoute';
export type { HttpLabel, HttpMetricsOptions } from './HttpMetrics';
export type { FlushOptions } from './FlushScheduler';
