import { Counter } from '../metrics/Counter';
import { DEFAULT_BUCKETS, Histogram } from '../metrics/Histogram';
import type { CollectorRegistry } from '../registry/CollectorRegistry';
import { FlushOptions, FlushScheduler } from './FlushScheduler';
import { registerShared } from './registerShared';
import { checkOptionNames, optionNames } from '../util/checkOptionNames';

/** The route label of a request that matched no route. */
export const UNMATCHED_ROUTE = '<unmatched>';

/** The label names of the HTTP metrics. */
export type HttpLabel = 'method' | 'route' | 'status';

/** HttpMetricsOptions configure the request metrics of an HTTP integration. */
export interface HttpMetricsOptions extends FlushOptions {
  /** The registry that holds the request metrics and is flushed after each response. */
  registry: CollectorRegistry;
  /**
   * The start of the metric names: `{prefix}requests_total` and
   * `{prefix}request_duration_seconds`.
   * @default 'http_'
   */
  prefix?: string;
  /**
   * The bucket bounds of the duration histogram, in seconds.
   * @default DEFAULT_BUCKETS
   */
  buckets?: readonly number[];
  /**
   * The route label of requests that matched no route (404s, static files,
   * middleware that answered on its own), so that raw paths never become
   * label values.
   * @default '<unmatched>'
   */
  unmatchedRoute?: string;
}

/** The names of HttpMetricsOptions: any other option is refused. */
const HTTP_OPTIONS = optionNames<HttpMetricsOptions>({
  registry: true,
  prefix: true,
  buckets: true,
  unmatchedRoute: true,
  flush: true,
  flushDebounceMs: true,
});

/**
 * HttpMetrics are the request metrics every HTTP integration records:
 * `http_requests_total` (counter) and `http_request_duration_seconds`
 * (histogram), both labelled by `method`, `route` (the route template, such
 * as `/users/:id`) and `status` (the response status code). The metrics are
 * registered in the registry given, or shared with the ones of the same name
 * registered there already. Throws like `CollectorRegistry.register` when a
 * different metric has one of the names, and a TypeError for a bad prefix or
 * an unknown option name.
 *
 * @example
 * const http = new HttpMetrics({ registry });
 * http.record('GET', '/users/:id', 200, 0.012);
 */
export class HttpMetrics {
  /** The request counter, `{prefix}requests_total`. */
  readonly requests: Counter<HttpLabel>;
  /** The duration histogram, `{prefix}request_duration_seconds`, in seconds. */
  readonly duration: Histogram<HttpLabel>;
  /** The route label of requests that matched no route. */
  readonly unmatchedRoute: string;
  /** The registry written to. */
  readonly registry: CollectorRegistry;
  private readonly flusher: FlushScheduler;

  constructor(options: HttpMetricsOptions) {
    if (options === null || typeof options !== 'object' || typeof options.registry?.register !== 'function') {
      throw new TypeError('HTTP metrics need an options object with a registry (a CollectorRegistry)');
    }
    checkOptionNames('HttpMetrics', options, HTTP_OPTIONS);
    const prefix = options.prefix ?? 'http_';
    if (typeof prefix !== 'string') throw new TypeError(`prefix must be a string, got ${typeof prefix}`);
    this.registry = options.registry;
    this.unmatchedRoute = options.unmatchedRoute ?? UNMATCHED_ROUTE;
    if (typeof this.unmatchedRoute !== 'string' || this.unmatchedRoute === '') {
      throw new TypeError(`unmatchedRoute must be a non-empty string, got ${JSON.stringify(this.unmatchedRoute)}`);
    }
    const allowedLabels: HttpLabel[] = ['method', 'route', 'status'];
    this.requests = registerShared(
      this.registry,
      new Counter({ name: `${prefix}requests_total`, description: 'HTTP requests answered', allowedLabels }),
    );
    this.duration = registerShared(
      this.registry,
      new Histogram({
        name: `${prefix}request_duration_seconds`,
        description: 'Time from the arrival of an HTTP request to the end of its response, in seconds',
        allowedLabels,
        buckets: options.buckets ?? DEFAULT_BUCKETS,
      }),
    );
    this.flusher = new FlushScheduler(this.registry, options);
  }

  /**
   * record counts one answered request and its duration in seconds, then asks
   * for a flush (see `flush` and `flushDebounceMs`). An undefined or empty
   * route is recorded as the unmatched route. Never throws.
   */
  record(method: string, route: string | undefined, status: number, seconds: number): void {
    try {
      const labels = { method, route: route || this.unmatchedRoute, status: String(status) };
      this.requests.inc(labels);
      this.duration.observe(seconds > 0 ? seconds : 0, labels);
    } catch {
      // recording must never break a response
    }
    this.flusher.request();
  }

  /** flushSoon asks for a flush without recording a request (used when a client went away before the response finished). */
  flushSoon(): void {
    this.flusher.request();
  }
}

/** routeText spells a route path as a label: strings as they are, regular expressions and lists as text. */
export function routeText(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return String(path);
  if (Array.isArray(path)) return path.map((p) => routeText(p) ?? '').join(',');
  return undefined;
}
