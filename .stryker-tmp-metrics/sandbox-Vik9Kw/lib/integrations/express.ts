// @ts-nocheck
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { MetricsHandler } from '../server/createMetricsHandler';
import { HttpMetrics, HttpMetricsOptions, routeText } from './HttpMetrics';
import { metricsRouteHandler, MetricsRouteOptions } from './metricsRoute';

/** ExpressMetricsOptions configure `expressMetrics`; see HttpMetricsOptions. */
export type ExpressMetricsOptions = HttpMetricsOptions;

/** The parts of an Express request the middleware reads. */
interface ExpressRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
  [ROUTE]?: { path?: unknown };
  [TEMPLATE]?: string;
}

/**
 * expressMetrics returns Express middleware (Express 4 and 5) that counts
 * every request and times it by method, route template and status code, and
 * flushes the registry once the response is finished, without delaying it.
 *
 * The route label is the template of the route that answered, with the paths
 * of the routers it is mounted under: `/api/users/:id`, never `/api/users/42`.
 * A request that no route answered (a 404, a static file) gets the
 * `unmatchedRoute` label, `<unmatched>` by default. A request whose client
 * went away before the response finished is not counted. Mount the middleware
 * first, so that the duration includes the other middleware. Throws a
 * TypeError when the options have no registry, and like
 * `CollectorRegistry.register` when other metrics have the names.
 *
 * @example
 * const app = express();
 * app.use(expressMetrics({ registry }));
 * app.get('/users/:id', (req, res) => res.json({ id: req.params.id }));
 */
export function expressMetrics(
  options: ExpressMetricsOptions,
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const metrics = new HttpMetrics(options);
  return function instrumentorMetrics(request, res, next) {
    const start = performance.now();
    const req = request as ExpressRequest;
    try {
      const prior = req.route;
      Object.defineProperty(req, 'route', ROUTE_TRACKER);
      if (prior !== undefined) req[ROUTE] = prior;
    } catch {
      // a request whose route cannot be tracked falls back to req.route at the end
    }
    let finished = false;
    res.once('finish', () => {
      finished = true;
      let route = req[TEMPLATE];
      if (route === undefined && req.route !== undefined) route = join(req.baseUrl, routeText(req.route.path));
      metrics.record(req.method ?? 'UNKNOWN', route, res.statusCode, (performance.now() - start) / 1000);
    });
    res.once('close', () => {
      if (!finished) metrics.flushSoon();
    });
    next();
  };
}

const ROUTE = Symbol('instrumentor.route');
const TEMPLATE = Symbol('instrumentor.routeTemplate');

/**
 * ROUTE_TRACKER turns `req.route` into an accessor that keeps the full route
 * template each time Express hands the request to a route (it sets
 * `req.route` then), while `req.baseUrl` still holds the paths of the routers
 * the route is mounted under; Express restores `req.baseUrl` when an error
 * leaves a router. One shared descriptor: no closures per request.
 */
const ROUTE_TRACKER: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: ExpressRequest) {
    return this[ROUTE];
  },
  set(this: ExpressRequest, value: { path?: unknown } | undefined) {
    this[ROUTE] = value;
    if (value !== undefined && value !== null) this[TEMPLATE] = join(this.baseUrl, routeText(value.path));
  },
};

function join(base: string | undefined, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (!base) return path;
  return path === '/' ? base : base + path;
}

/**
 * metricsRoute returns Express middleware (Express 4 and 5) that serves the
 * metrics from Redis in the application: `GET /metrics` (every namespace,
 * each series labelled with its namespace) and `GET /metrics/<namespace>`,
 * with content negotiation (Prometheus text or OpenMetrics) and gzip; other
 * paths go to the next handler. While Redis is down it answers 503 at once
 * and the application keeps serving. It reads on a connection of its own,
 * made to fail fast (the registry's connection waits for Redis instead).
 * Call `close()` on the result when the application stops. Throws a
 * TypeError for bad options.
 *
 * @example
 * const metrics = metricsRoute({ redis: 'redis://127.0.0.1:6379', registry });
 * app.use(metrics);
 */
export function metricsRoute(options: MetricsRouteOptions): MetricsHandler {
  return metricsRouteHandler(options);
}

export { HttpMetrics, UNMATCHED_ROUTE } from './HttpMetrics';
export type { MetricsRouteOptions } from './metricsRoute';
export type { MetricsHandler } from '../server/createMetricsHandler';
export type { HttpLabel, HttpMetricsOptions } from './HttpMetrics';
export type { FlushOptions } from './FlushScheduler';
