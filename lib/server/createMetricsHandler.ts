import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionOptions } from 'node:tls';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { checkNamespace } from '../codec/field';
import { isName, isReservedName, RESERVED_LABELS } from '../codec/names';
import { RedisUnavailableError } from '../errors/RedisUnavailableError';
import { UnknownNamespaceError } from '../errors/UnknownNamespaceError';
import type { ReaderLimits } from '../exposition/decode/ReaderLimits';
import { MetricFamily, namesTaken } from '../exposition/families';
import { OPENMETRICS_CONTENT_TYPE, openMetricsChunks, openMetricsHeader, samplesAreTextLines } from '../exposition/render/openmetrics';
import { PROTOBUF_CONTENT_TYPE, protobufSteps } from '../exposition/render/protobuf';
import { commonLabelOf, familyHeader, TEXT_CONTENT_TYPE, textChunks } from '../exposition/render/text';
import { collectInSlices, runInSlices } from '../util/slices';
import { RedisConnection, RedisInput } from '../store/RedisConnection';
import { RedisStore } from '../store/RedisStore';
import type { Store } from '../store/Store';
import { AuthOptions, authenticatorFor } from './authorize';
import { Authenticator, isAuthenticator } from './Authenticator';
import { Logger, silentLogger } from './logger';
import { mergeNamespacesSteps, sharedSource } from './mergeNamespaces';
import { ServerSelfMetrics } from './ServerSelfMetrics';
import { SkippedFieldsLog } from './SkippedFieldsLog';
import { NamespaceReader } from './NamespaceReader';
import { acceptsGzip, ExpositionFormat, FORMAT_PARAMETERS, negotiateFormat } from './negotiate';
import { applySecurityHeaders } from './securityHeaders';
import { byCodePoint } from '../util/byCodePoint';
import { checkOptionNames, optionNames } from '../util/checkOptionNames';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';

const gzip = promisify(gzipCallback);

const CONTENT_TYPES: Record<ExpositionFormat, string> = {
  text: TEXT_CONTENT_TYPE,
  openmetrics: OPENMETRICS_CONTENT_TYPE,
  protobuf: PROTOBUF_CONTENT_TYPE,
};

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
   * `false` leaves health checks to the application (the metrics routes of
   * the framework integrations do).
   * @default '/healthz'
   */
  healthPath?: string | false;
  /**
   * The limits of the reader's rules, which bound the work of a read
   * whatever a namespace holds (docs/format.md, "Limits"); each left out
   * takes its default.
   * @default DEFAULT_READER_LIMITS
   */
  limits?: ReaderLimits;
  /**
   * Where the handler reports failed scrapes, namespaces left out, skipped
   * fields (summarised by reason, at most one line per namespace and reason
   * a minute) and Redis outages.
   * @default no logging
   */
  logger?: Logger;
}

/** @internal The names of MetricsHandlerOptions: any other option is refused, so that a misspelt one is not ignored. */
export const HANDLER_OPTIONS = optionNames<MetricsHandlerOptions>({
  redis: true,
  redisTls: true,
  store: true,
  namespaces: true,
  namespaceLabel: true,
  auth: true,
  gzip: true,
  cacheMs: true,
  readTimeoutMs: true,
  scanCount: true,
  wholeReadFields: true,
  metricsPath: true,
  healthPath: true,
  logger: true,
  limits: true,
});

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
  /**
   * render reads the namespaces (all when none are named) and renders them
   * as one scrape would: the text formats as a string, protobuf (the only
   * format that carries native histograms) as the bytes of its
   * length-delimited MetricFamily messages, for a route of one's own.
   */
  render(format: 'text' | 'openmetrics', namespace?: string): Promise<string>;
  /** render, in protobuf: the bytes of the length-delimited MetricFamily messages a scrape would be answered with. */
  render(format: 'protobuf', namespace?: string): Promise<Buffer>;
  /** close closes the Redis connection if the handler made it. */
  close(): Promise<void>;
  /** @internal The store the namespaces are read from. */
  readonly store: Store;
}

/**
 * createMetricsHandler returns a request handler that serves the namespaces
 * for Prometheus: `GET /metrics` every namespace, each series labelled with
 * its namespace; `GET /metrics/<namespace>` one namespace; `GET /healthz`
 * whether Redis is reachable. It negotiates the Prometheus text format 0.0.4,
 * OpenMetrics 1.0.0 or the protobuf format from the Accept header (or a
 * `?format=text|openmetrics|protobuf` parameter; any other value is answered
 * with 406 Not Acceptable), compresses with gzip when asked, checks credentials when `auth`
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
  checkOptionNames('createMetricsHandler', options, HANDLER_OPTIONS);
  const namespaces = checkNamespaces(options.namespaces);
  const namespaceLabel = options.namespaceLabel ?? 'namespace';
  if (typeof namespaceLabel !== 'string' || !isName(namespaceLabel) || isReservedName(namespaceLabel) || RESERVED_LABELS.includes(namespaceLabel)) {
    throw new TypeError(`namespaceLabel must be a valid label name other than "le" and "quantile", got ${JSON.stringify(namespaceLabel)}`);
  }
  const auth = options.auth === undefined ? undefined : isAuthenticator(options.auth) ? options.auth : authenticatorFor(options.auth);
  const useGzip = options.gzip ?? true;
  const metricsPath = checkPath(options.metricsPath ?? '/metrics', 'metricsPath');
  const healthPath = options.healthPath === false ? undefined : checkPath(options.healthPath ?? '/healthz', 'healthPath');
  const logger = options.logger ?? silentLogger;

  if (options.store !== undefined && options.redis !== undefined) throw new TypeError('give either redis or store, not both');
  let connection: ServerConnection | undefined;
  let store: Store;
  if (options.store !== undefined) {
    store = options.store;
  } else {
    if (options.redis === undefined) throw new TypeError('redis is required: an ioredis client, a redis:// URL, or ioredis options');
    connection = new ServerConnection(options.redis, options.readTimeoutMs ?? 5000, logger, options.redisTls);
    store = new RedisStore(connection.client);
  }
  const ready = (): Promise<void> => connection?.ready() ?? Promise.resolve();

  /** The family conflicts logged (namespace and name), each once; past MAX_CONFLICTS_LOGGED, one summary line a minute. */
  const reported = new Set<string>();
  let conflictsSummarised = -Infinity;
  let lastFailure = { message: '', at: 0 };
  const selfMetrics = new ServerSelfMetrics(namespaces);
  const skippedLog = new SkippedFieldsLog(logger);
  /** When each namespace left out of a scrape was last logged, and why. */
  const leftOut = new Map<string, { message: string; at: number }>();
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
        limits: options.limits,
        onRead: (read) => {
          if ('error' in read) {
            selfMetrics.readFailed(read.namespace, read.seconds);
          } else {
            selfMetrics.readDone(read.namespace, read.seconds, read.skipped);
            skippedLog.report(read.namespace, read.skipped);
          }
        },
      }),
    );
  }

  const merge = async (sources: ReadonlyArray<MetricFamily[] | Failed>): Promise<MetricFamily[]> => {
    const read = namespaces.flatMap((namespace, i) => {
      const families = sources[i];
      return 'error' in families ? [] : [{ namespace, families }];
    });
    const merged = await runInSlices(
      mergeNamespacesSteps(
        read,
        namespaceLabel,
        true,
        (namespace, family) => readers.get(namespace)?.sortedLabelNames(family),
        (namespace, family) => readers.get(namespace)!.seriesSteps([family]),
      ),
    );
    let unlogged = 0;
    for (const c of merged.conflicts) {
      const key = `${c.namespace}\n${c.name}`;
      if (reported.has(key)) continue;
      if (reported.size >= MAX_CONFLICTS_LOGGED) {
        unlogged++;
        continue;
      }
      reported.add(key);
      logger.warn('left out a family whose type or names clash with a family of another namespace', {
        namespace: c.namespace, metric: c.name, type: c.type, kept_from: c.keptFrom, kept_metric: c.keptName, kept_type: c.keptType,
      });
    }
    if (unlogged > 0 && !(Date.now() - conflictsSummarised < 60_000)) {
      conflictsSummarised = Date.now();
      logger.warn('left out more families whose type or names clash with a family of another namespace', { count: unlogged });
    }
    return withSelfMetrics(merged.families, selfMetrics.families());
  };

  /** readAll reads every namespace; one that cannot be read is left out, logged once a minute, and fails the scrape only when none can be read. */
  const readAll = async (): Promise<Array<MetricFamily[] | Failed>> => {
    const settled = await Promise.allSettled(namespaces.map((n) => readers.get(n)!.read()));
    const sources = settled.map((r): MetricFamily[] | Failed => (r.status === 'fulfilled' ? r.value : { error: r.reason }));
    const failures: string[] = [];
    sources.forEach((s, i) => {
      if (!('error' in s)) return;
      const namespace = namespaces[i];
      const message = errorMessage(s.error);
      failures.push(`namespace ${JSON.stringify(namespace)}: ${message}`);
      const last = leftOut.get(namespace);
      if (last !== undefined && last.message === message && Date.now() - last.at < 60_000) return;
      leftOut.set(namespace, { message, at: Date.now() });
      logger.error('left a namespace that cannot be read out of the scrape', { namespace, error: message });
    });
    if (failures.length === namespaces.length) throw new Error(failures.length === 1 ? errorMessage((sources[0] as Failed).error) : failures.join('; '));
    return sources;
  };

  // The bodies made from the last reads, per path: scrapes that shared a read share its rendering and compression too.
  interface Rendered {
    sources: ReadonlyArray<MetricFamily[] | Failed>;
    families: Promise<MetricFamily[]> | undefined;
    bodies: Map<string, Promise<Body>>;
  }
  const rendered = new Map<string, Rendered>();

  const body = async (format: ExpositionFormat, only: string | undefined, compress: boolean): Promise<Body> => {
    if (only !== undefined && !readers.has(only)) throw new UnknownNamespaceError(only, namespaces);
    await ready();
    let sources: ReadonlyArray<MetricFamily[] | Failed>;
    if (only === undefined) {
      sources = await readAll();
    } else {
      try {
        sources = [await readers.get(only)!.read()];
      } catch (err) {
        throw new Error(`namespace ${JSON.stringify(only)}: ${errorMessage(err)}`);
      }
    }
    const key = only ?? '';
    let entry = rendered.get(key);
    if (entry === undefined || entry.sources.some((s, i) => s !== sources[i])) {
      rendered.set(key, (entry = { sources, families: undefined, bodies: new Map() }));
    }
    const families = await (entry.families ??= only !== undefined ? Promise.resolve(sources[0] as MetricFamily[]) : merge(sources));
    const variant = format + (compress ? '+gzip' : '');
    let made = entry.bodies.get(variant);
    if (made === undefined) {
      made = renderBody(families, format, only === undefined ? readers : readers.get(only)!, compress);
      entry.bodies.set(variant, made);
    }
    return made;
  };

  const render = (async (format: ExpositionFormat, only?: string) => {
    if (format !== 'text' && format !== 'openmetrics' && format !== 'protobuf') throw new TypeError(`render's format must be "text", "openmetrics" or "protobuf", got ${JSON.stringify(format)}`);
    const bytes = Buffer.concat((await body(format, only, false)).chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
    return format === 'protobuf' ? bytes : bytes.toString('utf8');
  }) as MetricsHandler['render'];

  const health = async (): Promise<Health> => {
    if (connection === undefined) return { ok: true, message: 'ok' };
    try {
      await ready();
      await answerWithin(connection.client.ping(), options.readTimeoutMs ?? 5000);
      return { ok: true, message: 'ok: redis reachable' };
    } catch (err) {
      return { ok: false, message: 'redis unreachable', detail: (err as Error).message };
    }
  };

  const handler = async (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      let only: string | undefined;
      if (healthPath !== undefined && path === healthPath) {
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
        send(res, req, 404, 'text/plain; charset=utf-8', `not found: ${path} (this server answers ${metricsPath}, ${metricsPath}/<namespace>${healthPath === undefined ? '' : ` and ${healthPath}`})\n`);
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
      const formatParameter = url.searchParams.get('format');
      if (formatParameter !== null && !FORMAT_PARAMETERS.includes(formatParameter)) {
        send(res, req, 406, 'text/plain; charset=utf-8', `unknown format ${JSON.stringify(formatParameter)}: use ?format=${FORMAT_PARAMETERS.join(' or ?format=')}, or an Accept header\n`);
        return;
      }
      const format = negotiateFormat(req.headers.accept, formatParameter);
      const compress = useGzip && acceptsGzip(req.headers['accept-encoding'] as string | undefined);
      let answer: Body;
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
      await sendBody(res, req, CONTENT_TYPES[format], answer);
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
    close: () => connection?.close() ?? Promise.resolve(),
    store,
  });
}

/** The most family conflicts a handler logs one by one (each once); further ones are counted in one line a minute. */
const MAX_CONFLICTS_LOGGED = 1000;

/** A namespace whose read failed, in the sources of a scrape: a new object per failure, so that no rendering is reused for it. */
interface Failed {
  readonly error: unknown;
}

function errorMessage(err: unknown): string {
  return (err as Error)?.message ?? String(err);
}

/**
 * withSelfMetrics adds the server's self-metrics to the families of the
 * namespaces, in the order of names; a self-metric whose names a family of
 * the namespaces takes (docs/format.md, "Name collisions") is left out.
 */
function withSelfMetrics(families: MetricFamily[], self: MetricFamily[]): MetricFamily[] {
  if (self.length === 0) return families;
  const taken = new Set(families.flatMap((f) => namesTaken(f.name, f.type)));
  const kept = self.filter((f) => !namesTaken(f.name, f.type).some((n) => taken.has(n)));
  return [...families, ...kept].sort((a, b) => byCodePoint(a.name, b.name));
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

/** A rendered answer: its chunks, in order, and their length in bytes. */
interface Body {
  readonly chunks: ReadonlyArray<string | Buffer>;
  readonly bytes: number;
}

function wholeBody(answer: string | Buffer): Body {
  return { chunks: [answer], bytes: Buffer.byteLength(answer) };
}

function bodyOf(chunks: Buffer[]): Body {
  let bytes = 0;
  for (const c of chunks) bytes += c.length;
  return { chunks, bytes };
}

/**
 * renderBody renders families in a format, compressed when asked. The text
 * formats are rendered in slices (see lib/util/slices.ts) so that a
 * large scrape does not block the event loop, and so is protobuf, a few
 * hundred series at a time; everything that can fail is
 * done before the answer is sent. The text of one namespace (`reader`) is
 * copied from the sample lines its reader kept, in slices too; so is, in
 * merged families (`readers`), the text of each family that the merge gave
 * its namespace as the common label, the label written into each kept line,
 * and, in OpenMetrics, each family whose samples are its text lines. A
 * family a read kept as lines builds its series (in slices) only when the
 * answer renders from them: protobuf, and OpenMetrics for a counter not
 * named `_total` (see DecodedRead.seriesSteps).
 */
async function renderBody(families: MetricFamily[], format: ExpositionFormat, reader: NamespaceReader | ReadonlyMap<string, NamespaceReader>, compress: boolean): Promise<Body> {
  let answer: Body;
  // a family a read kept as lines builds its series only for an answer rendered from them, in slices, before it is rendered
  const fromSeries = format === 'protobuf' ? families : format === 'openmetrics' ? families.filter((f) => !samplesAreTextLines(f)) : [];
  for (const family of fromSeries) {
    const origin = originOf(family, reader);
    if (origin !== undefined) await runInSlices(origin.reader.seriesSteps([origin.family]));
  }
  if (format === 'protobuf') answer = bodyOf((await runInSlices(protobufSteps(families))).map(asBuffer));
  else {
    // the lines its reader kept, with a merged family's namespace label written in
    const kept: KeptLines = (family) => {
      const origin = originOf(family, reader);
      return origin?.reader.keptLines(origin.family, commonLabelOf(family));
    };
    if (format === 'openmetrics') answer = await collectInSlices(keptOpenMetricsChunks(families, kept));
    else answer = await collectInSlices(reader instanceof NamespaceReader ? reader.textChunks(families) : keptTextChunks(families, kept));
  }
  if (!compress) return answer;
  const whole = Buffer.concat(answer.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
  return wholeBody(await gzip(whole));
}

/** The sample lines of a family copied from the lines a reader kept, or undefined when it holds none for it. */
type KeptLines = (family: MetricFamily) => Iterable<string> | undefined;

/**
 * originOf is the reader and the family of one of its reads behind a family
 * to render: the family itself, for the families of one namespace; for a
 * merged family that shares the series of its namespace's family (see
 * sharedSource), that family and its namespace's reader; undefined for any
 * other family.
 */
function originOf(family: MetricFamily, reader: NamespaceReader | ReadonlyMap<string, NamespaceReader>): { reader: NamespaceReader; family: MetricFamily } | undefined {
  if (reader instanceof NamespaceReader) return { reader, family };
  const source = sharedSource(family);
  const from = source === undefined || family.commonLabel === undefined ? undefined : reader.get(family.commonLabel[1]);
  return from === undefined ? undefined : { reader: from, family: source! };
}

/** keptTextChunks is `textChunks(families)`, a family whose lines were kept copied from them. */
function* keptTextChunks(families: readonly MetricFamily[], kept: KeptLines): Generator<string, void, undefined> {
  for (const family of families) {
    const lines = kept(family);
    if (lines === undefined) {
      yield* textChunks([family]);
      continue;
    }
    yield familyHeader(family.name, family.help, family.type);
    yield* lines;
  }
}

/**
 * keptOpenMetricsChunks is `openMetricsChunks(families)`, a family whose
 * lines were kept and whose OpenMetrics samples are its text lines
 * (samplesAreTextLines) copied from them.
 */
function* keptOpenMetricsChunks(families: readonly MetricFamily[], kept: KeptLines): Generator<string, void, undefined> {
  for (const family of families) {
    const lines = samplesAreTextLines(family) ? kept(family) : undefined;
    if (lines === undefined) {
      yield* openMetricsChunks([family], undefined, false);
      continue;
    }
    yield openMetricsHeader(family) + '\n';
    yield* lines;
  }
  yield '# EOF\n';
}

/**
 * sendBody answers 200 with a rendered body, chunk by chunk: it waits for the
 * response to drain whenever the connection's buffer is full, and stops when
 * the connection is closed.
 */
async function sendBody(res: ServerResponse, req: IncomingMessage, type: string, body: Body): Promise<void> {
  res.statusCode = 200;
  applySecurityHeaders(res);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', body.bytes);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  for (const chunk of body.chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

/** drained resolves when the response can take more data, or is closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(); // closed already: no 'close' is coming
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** asBuffer views encoded bytes as a Buffer, without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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

/**
 * ServerConnection is the Redis connection of a server, made with the
 * `reader` profile (see RedisConnection): scrapes fail at once during an
 * outage instead of waiting for Redis. It logs each outage once, and its
 * recovery. A client given is used as it is.
 */
class ServerConnection {
  readonly client: RedisConnection['client'];
  private readonly connection: RedisConnection;
  /** The error that began the outage under way, if any. */
  private down: Error | undefined;
  private closing = false;

  constructor(
    input: RedisInput,
    private readonly timeoutMs: number,
    logger: Logger,
    tls?: ConnectionOptions,
  ) {
    this.connection = new RedisConnection(input, 'reader', timeoutMs, tls);
    const client = (this.client = this.connection.client);
    const onError = (err: Error) => {
      if (this.down !== undefined || this.closing) return;
      this.down = err;
      logger.error('redis unreachable; scrapes are answered with 503 until it is back', { error: err.message });
    };
    if (this.connection.owned) {
      client.on('error', onError);
      // a connection closed by the server (SHUTDOWN, restart) is an outage before any reconnect attempt fails
      client.on('close', () => onError(new Error('the connection to Redis was closed')));
    } else {
      client.on('end', () => onError(new Error('the connection was closed')));
    }
    client.on('ready', () => {
      if (this.down !== undefined) logger.info('redis reachable again');
      this.down = undefined;
    });
  }

  /**
   * ready resolves when the client can take commands: at once when it is
   * connected, after the first connection when it is still connecting (at
   * most the read timeout); it rejects at once during an outage. A client
   * given is used as configured (it may queue commands or connect lazily).
   */
  async ready(): Promise<void> {
    if (this.client.status === 'ready') return;
    if (this.down !== undefined) throw new RedisUnavailableError(this.client.status, this.down, this.connection.address());
    if (this.connection.owned) await this.connection.ready(this.timeoutMs);
  }

  /** close closes the connection if it was made here. */
  close(): Promise<void> {
    this.closing = true;
    return this.connection.close();
  }
}

/** answerWithin resolves as `promise` does, or rejects when it has not settled within `ms` milliseconds. */
async function answerWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  const answer = await withTimeout(promise, ms);
  if (answer === TIMED_OUT) throw new Error(`no answer within ${ms} ms`);
  return answer;
}
