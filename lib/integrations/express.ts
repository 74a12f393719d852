import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { HttpMetrics, HttpMetricsOptions, routeText } from './HttpMetrics';

/** ExpressMetricsOptions configure `expressMetrics`; see HttpMetricsOptions. */
export type ExpressMetricsOptions = HttpMetricsOptions;

/** The parts of an Express request the middleware reads. */
interface ExpressRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
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
    let route: string | undefined;
    try {
      trackRoute(req, (template) => {
        route = template;
      });
    } catch {
      // a request object that cannot be tracked is recorded as unmatched
    }
    let finished = false;
    res.once('finish', () => {
      finished = true;
      const fallback = route ?? (req.route !== undefined ? join(req.baseUrl, routeText(req.route.path)) : undefined);
      metrics.record(req.method ?? 'UNKNOWN', fallback, res.statusCode, (performance.now() - start) / 1000);
    });
    res.once('close', () => {
      if (!finished) metrics.flushSoon();
    });
    next();
  };
}

/**
 * trackRoute calls `found` with the full route template each time Express
 * hands the request to a route (it sets `req.route` then), while `req.baseUrl`
 * still holds the paths of the routers the route is mounted under.
 */
function trackRoute(req: ExpressRequest, found: (template: string | undefined) => void): void {
  let current = req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (value: { path?: unknown } | undefined) => {
      current = value;
      if (value !== undefined && value !== null) found(join(req.baseUrl, routeText(value.path)));
    },
  });
}

function join(base: string | undefined, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (!base) return path;
  return path === '/' ? base : base + path;
}

export { HttpMetrics, UNMATCHED_ROUTE } from './HttpMetrics';
export type { HttpMetricsOptions } from './HttpMetrics';
