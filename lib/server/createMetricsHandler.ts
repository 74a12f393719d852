import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionOptions } from 'node:tls';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import Redis, { Cluster } from 'ioredis';
import { UnknownNamespaceError } from '../errors/UnknownNamespaceError';
import type { MetricFamily } from '../exposition/families';
import { OPENMETRICS_CONTENT_TYPE, renderOpenMetrics } from '../exposition/openmetrics';
import { renderText, TEXT_CONTENT_TYPE } from '../exposition/render';
import { checkNamespace, RedisInput, RedisLike } from '../store/connection';
import { RedisStore } from '../store/RedisStore';
import type { Store } from '../store/Store';
import { AuthOptions, authenticatorFor } from './authorize';
import { Authenticator, isAuthenticator } from './Authenticator';
import { Logger, silentLogger } from './logger';
import { mergeNamespaces } from './mergeNamespaces';
import { NamespaceReader } from './NamespaceReader';
import { acceptsGzip, negotiateFormat } from './negotiate';
import { applySecurityHeaders } from './securityHeaders';

const gzip = promisify(gzipCallback);

/** MetricsHandlerOptions configure a metrics request handler and the ExpositionServer. */
export interface MetricsHandlerOptions {
  /**
   * How to reach Redis: an ioredis client or Cluster, a `redis://` URL, or
   * ioredis options. A connection made from a URL or options fails fast while
   * Redis is down (scrapes are answered with 503 at once) and is closed by
   * `close()`; a client given here is used as it is and left open.
   */
  redis?: RedisInput;
  /**
   * TLS options for a connection made from a `rediss://` URL or options:
   * the CA, client certificate and key, server name (see redisTlsOptions,
   * which reads them from files). Not for a client given in `redis`.
   * @default Node's defaults for a rediss:// URL
   */
  redisTls?: ConnectionOptions;
  /** A Store to read instead of Redis, such as a MemoryStore. */
  store?: Store;
  /** The namespaces to expose; at least one. */
  namespaces: readonly string[];
  /**
   * The label that tells the namespace of each series on the path that
   * serves every namespace (`metricsPath`). A series that has a label of that
   * name already keeps it as `exported_<name>`.
   * @default 'namespace'
   */
  namespaceLabel?: string;
  /**
   * Credentials scrapes must send: `{ username, password }` (basic),
   * `{ bearerToken }`, or an Authenticator such as BasicAuthUsers (bcrypt
   * hashes). `/healthz` stays open, and tells why Redis is unreachable only
   * to a request with valid credentials.
   * @default no authentication
   */
  auth?: AuthOptions | Authenticator;
  /** Compress answers with gzip when the scraper accepts it. @default true */
  gzip?: boolean;
  /**
   * How long a read of a namespace is reused by later scrapes, in
   * milliseconds. Concurrent scrapes always share the read in flight.
   * @default 0
   */
  cacheMs?: number;
  /** How long a read of a namespace may take, in milliseconds, before the scrape is answered with 503. @default 5000 */
  readTimeoutMs?: number;
  /** How many fields one HSCAN call asks for. @default 1000 */
  scanCount?: number;
  /**
   * A namespace of at most this many fields is read with one HGETALL instead
   * of HSCAN chunks (see ExpositionClient); 0 always reads in chunks.
   * @default 20000
   */
  wholeReadFields?: number;
  /**
   * The path that serves every namespace, each series labelled with its
   * namespace; `<metricsPath>/<namespace>` serves one namespace, unlabelled.
   * @default '/metrics'
   */
  metricsPath?: string;
  /**
   * The path that answers 200 when Redis is reachable and 503 when it is not;
   * open to all, but the reason (host, port, error) is shown only to requests
   * with valid credentials (see `auth`), never when there are none to check.
   * @default '/healthz'
   */
  healthPath?: string;
  /** Where the handler reports failed scrapes, skipped fields and Redis outages. @default no logging */
  logger?: Logger;
}

/** The result of a health check. */
export interface Health {
  readonly ok: boolean;
  /** What anyone may see: `ok: redis reachable` or `redis unreachable`. */
  readonly message: string;
  /** Why Redis is unreachable (host, port, error), for the logs and for authenticated requests. */
  readonly detail?: string;
}

/**
 * MetricsHandler is a request handler for node:http, usable as Express or
 * Connect middleware (unknown paths go to `next`). It never rejects.
 */
export interface MetricsHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): Promise<void>;
  /** The reader of each namespace, by name; each counts its reads. */
  readonly readers: ReadonlyMap<string, NamespaceReader>;
  /** The namespaces exposed, in the order configured. */
  readonly namespaces: readonly string[];
  /** health checks that the store answers: a PING for Redis. */
  health(): Promise<Health>;
  /** render reads the namespaces (all when none are named) and renders them as one scrape would. */
  render(format: 'text' | 'openmetrics', namespace?: string): Promise<string>;
  /** close closes the Redis connection if the handler made it. */
  close(): Promise<void>;
}

/**
 * createMetricsHandler returns a request handler that serves the namespaces
 * for Prometheus: `GET /metrics` every namespace, each series labelled with
 * its namespace; `GET /metrics/<namespace>` one namespace; `GET /healthz`
 * whether Redis is reachable. It negotiates the Prometheus text format 0.0.4
 * or OpenMetrics 1.0.0 from the Accept header (or a `?format=text|openmetrics`
 * parameter), compresses with gzip when asked, checks credentials when `auth`
 * is set, shares one read per namespace between concurrent scrapes, and
 * answers 503 when Redis cannot be read, 404 for a namespace it does not
 * expose, 401 without valid credentials. Throws a TypeError for bad options.
 *
 * @example
 * const handler = createMetricsHandler({ redis: 'redis://127.0.0.1:6379', namespaces: ['shop'] });
 * http.createServer(handler).listen(9464);  // or app.use(handler) in Express
 */
export function createMetricsHandler(options: MetricsHandlerOptions): MetricsHandler {
  if (options === null || typeof options !== 'object') throw new TypeError('createMetricsHandler needs an options object');
  const namespaces = checkNamespaces(options.namespaces);
  const namespaceLabel = options.namespaceLabel ?? 'namespace';
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(namespaceLabel) || namespaceLabel.startsWith('__') || namespaceLabel === 'le' || namespaceLabel === 'quantile') {
    throw new TypeError(`namespaceLabel must be a valid label name other than "le" and "quantile", got ${JSON.stringify(namespaceLabel)}`);
  }
  const auth = options.auth === undefined ? undefined : isAuthenticator(options.auth) ? options.auth : authenticatorFor(options.auth);
  const useGzip = options.gzip ?? true;
  const metricsPath = checkPath(options.metricsPath ?? '/metrics', 'metricsPath');
  const healthPath = checkPath(options.healthPath ?? '/healthz', 'healthPath');
  const logger = options.logger ?? silentLogger;

  if (options.store !== undefined && options.redis !== undefined) throw new TypeError('give either redis or store, not both');
  let redis: RedisLike | undefined;
  let ready = async (): Promise<void> => undefined;
  let closeRedis = async (): Promise<void> => undefined;
  let store: Store;
  if (options.store !== undefined) {
    store = options.store;
  } else {
    if (options.redis === undefined) throw new TypeError('redis is required: an ioredis client, a redis:// URL, or ioredis options');
    ({ client: redis, ready, close: closeRedis } = connectForServer(options.redis, options.readTimeoutMs ?? 5000, logger, options.redisTls));
    store = new RedisStore(redis);
  }

  const reported = new Set<string>();
  let lastFailure = { message: '', at: 0 };
  const readers = new Map<string, NamespaceReader>();
  for (const namespace of namespaces) {
    readers.set(
      namespace,
      new NamespaceReader({
        namespace,
        store,
        cacheMs: options.cacheMs,
        readTimeoutMs: options.readTimeoutMs,
        scanCount: options.scanCount,
        wholeReadFields: options.wholeReadFields,
        onInvalidField: (e) => {
          if (reported.has(e.field)) return;
          if (reported.size < 1000) reported.add(e.field);
          logger.warn('skipped a field that does not follow the format', { namespace: e.namespace, field: e.field, reason: e.reason });
        },
      }),
    );
  }

  const merge = (sources: MetricFamily[][]): MetricFamily[] => {
    const merged = mergeNamespaces(namespaces.map((namespace, i) => ({ namespace, families: sources[i] })), namespaceLabel);
    for (const c of merged.conflicts) {
      const key = `${c.namespace}\n${c.name}`;
      if (reported.has(key)) continue;
      reported.add(key);
      logger.warn('left out a family whose type differs from a family of the same name in another namespace', {
        namespace: c.namespace, metric: c.name, type: c.type, kept_from: c.keptFrom, kept_type: c.keptType,
      });
    }
    return merged.families;
  };

  // The bodies made from the last reads, per path: scrapes that shared a read share its rendering and compression too.
  interface Rendered {
    sources: MetricFamily[][];
    families: MetricFamily[] | undefined;
    bodies: Map<string, Promise<string | Buffer>>;
  }
  const rendered = new Map<string, Rendered>();

  const body = async (format: 'text' | 'openmetrics', only: string | undefined, compress: boolean): Promise<string | Buffer> => {
    if (only !== undefined && !readers.has(only)) throw new UnknownNamespaceError(only, namespaces);
    await ready();
    const sources = only !== undefined ? [await readers.get(only)!.read()] : await Promise.all(namespaces.map((n) => readers.get(n)!.read()));
    const key = only ?? '';
    let entry = rendered.get(key);
    if (entry === undefined || entry.sources.some((s, i) => s !== sources[i])) {
      rendered.set(key, (entry = { sources, families: undefined, bodies: new Map() }));
    }
    const families = (entry.families ??= only !== undefined ? sources[0] : merge(sources));
    const variant = format + (compress ? '+gzip' : '');
    let made = entry.bodies.get(variant);
    if (made === undefined) {
      const text = format === 'openmetrics' ? renderOpenMetrics(families) : renderText(families);
      made = compress ? gzip(Buffer.from(text, 'utf8')) : Promise.resolve(text);
      entry.bodies.set(variant, made);
    }
    return made;
  };

  const render = async (format: 'text' | 'openmetrics', only?: string): Promise<string> =>
    (await body(format, only, false)) as string;

  const health = async (): Promise<Health> => {
    if (redis === undefined) return { ok: true, message: 'ok' };
    try {
      await ready();
      await withDeadline(redis.ping(), options.readTimeoutMs ?? 5000);
      return { ok: true, message: 'ok: redis reachable' };
    } catch (err) {
      return { ok: false, message: 'redis unreachable', detail: (err as Error).message.replace(/^redis unreachable: /, '') };
    }
  };

  const handler = async (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      let only: string | undefined;
      if (path === healthPath) {
        if (!allowMethod(req, res)) return;
        const h = await health();
        const detailed = h.detail !== undefined && auth !== undefined && (await auth.check(req.headers.authorization)) === true;
        send(res, req, h.ok ? 200 : 503, 'text/plain; charset=utf-8', (detailed ? `${h.message}: ${h.detail}` : h.message) + '\n');
        return;
      }
      if (path === metricsPath || path === metricsPath + '/') {
        only = undefined;
      } else if (path.startsWith(metricsPath + '/')) {
        only = safeDecode(path.slice(metricsPath.length + 1));
      } else {
        if (next !== undefined) return next();
        send(res, req, 404, 'text/plain; charset=utf-8', `not found: ${path} (this server answers ${metricsPath}, ${metricsPath}/<namespace> and ${healthPath})\n`);
        return;
      }
      if (!allowMethod(req, res)) return;
      if (auth !== undefined && (await auth.check(req.headers.authorization)) === false) {
        res.setHeader('WWW-Authenticate', auth.challenge);
        send(res, req, 401, 'text/plain; charset=utf-8', 'unauthorized: this server needs credentials (see auth)\n');
        return;
      }
      if (only !== undefined && !readers.has(only)) {
        send(res, req, 404, 'text/plain; charset=utf-8', new UnknownNamespaceError(only, namespaces).message + '\n');
        return;
      }
      const format = negotiateFormat(req.headers.accept, url.searchParams.get('format'));
      const compress = useGzip && acceptsGzip(req.headers['accept-encoding'] as string | undefined);
      let answer: string | Buffer;
      try {
        answer = await body(format, only, compress);
      } catch (err) {
        const message = (err as Error)?.message ?? String(err);
        // one line per kind of failure and minute, not one per scrape
        if (message !== lastFailure.message || Date.now() - lastFailure.at > 60_000) {
          lastFailure = { message, at: Date.now() };
          logger.error('scrape failed: cannot read the store', { path, error: message });
        }
        send(res, req, 503, 'text/plain; charset=utf-8', `cannot read the metrics: ${message}\n`);
        return;
      }
      res.setHeader('Vary', 'Accept, Accept-Encoding');
      if (compress) res.setHeader('Content-Encoding', 'gzip');
      send(res, req, 200, format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE, answer);
    } catch (err) {
      logger.error('request failed', { url: req.url, error: (err as Error)?.message ?? String(err) });
      if (!res.headersSent) send(res, req, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    }
  };

  return Object.assign(handler, {
    readers: readers as ReadonlyMap<string, NamespaceReader>,
    namespaces,
    health,
    render,
    close: () => closeRedis(),
  });
}

function checkNamespaces(namespaces: unknown): string[] {
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    throw new TypeError('namespaces must be a non-empty array of namespace names');
  }
  const out: string[] = [];
  for (const n of namespaces) {
    checkNamespace(n);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

function checkPath(path: unknown, option: string): string {
  if (typeof path !== 'string' || !path.startsWith('/') || (path.length > 1 && path.endsWith('/'))) {
    throw new TypeError(`${option} must be a path starting with "/" and not ending with "/", got ${JSON.stringify(path)}`);
  }
  return path;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function allowMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  res.setHeader('Allow', 'GET, HEAD');
  send(res, req, 405, 'text/plain; charset=utf-8', `method ${req.method ?? ''} not allowed: use GET\n`);
  return false;
}

function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string | Buffer): void {
  res.statusCode = status;
  applySecurityHeaders(res);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A connection for a server, and a check that it can take commands now. */
interface ServerConnection {
  client: RedisLike;
  owned: boolean;
  /**
   * ready resolves when the client can take commands: at once when it is
   * connected, after the first connection when it is still connecting (at
   * most `timeoutMs`); it rejects at once during an outage.
   */
  ready(): Promise<void>;
  /** close closes the connection if it was made here. */
  close(): Promise<void>;
}

/**
 * connectForServer makes the connection of a server from a URL or options:
 * no offline queue, so that a scrape during an outage fails at once instead
 * of waiting for Redis; reconnecting every 2 seconds at most; outages logged
 * once each. A client given is used as it is.
 */
function connectForServer(input: RedisInput, timeoutMs: number, logger: Logger, tls?: ConnectionOptions): ServerConnection {
  let client: RedisLike;
  let owned = false;
  if (input instanceof Redis || input instanceof Cluster || (typeof input === 'object' && typeof (input as any).pipeline === 'function')) {
    if (tls !== undefined) throw new TypeError('redisTls applies to a connection made from a URL or options, not to a client given: set tls on that client');
    client = input as RedisLike;
  } else {
    const serverOptions = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: Math.min(timeoutMs, 10_000),
      commandTimeout: timeoutMs,
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    };
    if (typeof input === 'string') client = new Redis(input, tls === undefined ? serverOptions : { ...serverOptions, tls });
    else if (input !== null && typeof input === 'object') client = new Redis({ ...serverOptions, ...input, ...(tls && { tls: { ...(input as { tls?: object }).tls, ...tls } }) });
    else throw new TypeError('redis must be an ioredis client or Cluster, a redis:// URL, or ioredis options');
    owned = true;
  }
  let down: Error | undefined;
  let closing = false;
  const onError = (err: Error) => {
    if (down !== undefined || closing) return;
    down = err;
    logger.error('redis unreachable; scrapes are answered with 503 until it is back', { error: err.message });
  };
  if (owned) {
    client.on('error', onError);
    // a connection closed by the server (SHUTDOWN, restart) is an outage before any reconnect attempt fails
    client.on('close', () => onError(new Error('the connection to Redis was closed')));
  } else {
    client.on('end', () => onError(new Error('the connection was closed')));
  }
  client.on('ready', () => {
    if (down !== undefined) logger.info('redis reachable again');
    down = undefined;
  });
  const ready = async (): Promise<void> => {
    if (client.status === 'ready') return;
    if (down !== undefined) throw new Error(`redis unreachable: ${down.message}`);
    if (!owned) return; // a client given is used as configured (it may queue commands or connect lazily)
    let onReady: (() => void) | undefined;
    await withDeadline(
      new Promise<void>((resolve) => client.once('ready', (onReady = resolve))),
      timeoutMs,
    ).finally(() => client.off('ready', onReady!));
  };
  const close = async (): Promise<void> => {
    if (!owned) return;
    closing = true;
    await client.quit().catch(() => client.disconnect());
  };
  return { client, owned, ready, close };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
