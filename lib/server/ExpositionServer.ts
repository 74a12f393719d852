import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { BasicAuthUsers } from './BasicAuthUsers';
import { ConnectionGuard } from './ConnectionGuard';
import { createMetricsHandler, HANDLER_OPTIONS, MetricsHandler, MetricsHandlerOptions } from './createMetricsHandler';
import { createLineLogger, Logger } from './logger';
import { applySecurityHeaders } from './securityHeaders';
import { refuseClient } from './tls/tlsServerOptions';
import { TokenBucket } from './TokenBucket';
import type { WebConfig } from './webConfig';
import { LoadedWebConfig, WebConfigSource } from './WebConfigSource';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';
import { ProcessCleaner } from '../maintenance/ProcessCleaner';
import { checkOptionNames, optionNames } from '../util/checkOptionNames';

/** ExpositionServerOptions configure an ExpositionServer: the handler's options, where to listen, and where to log. */
export interface ExpositionServerOptions extends MetricsHandlerOptions {
  /** The TCP port to listen on; 0 picks a free one. @default 9464 */
  port?: number;
  /** The address to listen on. @default '0.0.0.0' */
  host?: string;
  /** Where the server logs. @default one logfmt line per event on standard output */
  logger?: Logger;
  /** How long `close()` waits for scrapes in progress, in milliseconds. @default 5000 */
  shutdownTimeoutMs?: number;
  /**
   * A Prometheus web configuration file (`--web.config.file`, the
   * exporter-toolkit format): HTTPS with `tls_server_config`, users with
   * bcrypt hashes in `basic_auth_users`, `http_server_config.headers`,
   * `rate_limit`. The file and the files it names are read again when they
   * change. Cannot be combined with `auth` when it lists users.
   * @default none: plain HTTP
   */
  webConfigFile?: string;
  /**
   * How long a client has to send the headers of a request, in
   * milliseconds: the first request counts from the moment the connection
   * opens (the TLS handshake included), later ones from their first byte.
   * @default 5000
   */
  headersTimeoutMs?: number;
  /** How long a client has to send a whole request, in milliseconds; at least `headersTimeoutMs`. @default 10000 */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open, in milliseconds. @default 65000 */
  keepAliveTimeoutMs?: number;
  /**
   * The most connections open at once. At the cap, the least recently used
   * connection that is not being answered is closed to make room; a new
   * connection is refused only when all are being answered.
   * @default 100
   */
  maxConnections?: number;
  /**
   * Let the server delete the data of the namespaces' dead processes after
   * `processRetentionMs`, as every registry does (one cleaner at a time per
   * namespace): for namespaces whose writers do not run long enough to clean.
   * It then writes to Redis and needs the `writer` ACL role's commands; by
   * default the server only reads.
   * @default false
   */
  cleanDeadProcesses?: boolean;
  /** How long after its death a process's data is kept, in milliseconds (with `cleanDeadProcesses`). @default 3600000 */
  processRetentionMs?: number;
  /** How often to look for dead processes, in milliseconds (with `cleanDeadProcesses`). @default 60000 */
  cleanupIntervalMs?: number;
}

/** The names of ExpositionServerOptions: any other option is refused. */
const SERVER_OPTIONS = [
  ...HANDLER_OPTIONS,
  ...optionNames<Omit<ExpositionServerOptions, keyof MetricsHandlerOptions>>({
    port: true,
    host: true,
    shutdownTimeoutMs: true,
    webConfigFile: true,
    headersTimeoutMs: true,
    requestTimeoutMs: true,
    keepAliveTimeoutMs: true,
    maxConnections: true,
    cleanDeadProcesses: true,
    processRetentionMs: true,
    cleanupIntervalMs: true,
  }),
];

/**
 * ExpositionServer is the standalone exposition server: an HTTP server
 * around `createMetricsHandler` that serves `/metrics`, `/metrics/<namespace>`
 * and `/healthz`, logs to standard output, and stops gracefully. It only
 * reads Redis: run it next to Prometheus, apart from the applications.
 * The constructor throws a TypeError for bad options.
 *
 * @example
 * const server = new ExpositionServer({ redis: 'redis://127.0.0.1:6379', namespaces: ['shop', 'billing'], port: 9464 });
 * await server.listen();
 * process.once('SIGTERM', () => void server.close());
 */
export class ExpositionServer {
  /** The request handler, with its readers. */
  readonly handler: MetricsHandler;
  /** The node:http server, or the node:https server when the web configuration sets up TLS. */
  readonly http: Server | HttpsServer;
  /** The connection cap in force, with its counts. */
  readonly connections: ConnectionGuard;
  /** The web configuration file in force, when one was given. */
  readonly webConfig: WebConfigSource | undefined;
  private readonly options: ExpositionServerOptions;
  /** The cleaners of dead processes, one per namespace, with `cleanDeadProcesses`. */
  private readonly cleaners: ProcessCleaner[] = [];
  private readonly logger: Logger;
  private closing: Promise<void> | undefined;
  private bucket: TokenBucket | undefined;
  private lastCapLog = 0;

  /**
   * The constructor throws a TypeError or RangeError for bad options, and a
   * ConfigError when the web configuration file cannot be used.
   */
  constructor(options: ExpositionServerOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('ExpositionServer needs an options object');
    checkOptionNames('ExpositionServer', options, SERVER_OPTIONS);
    const port = options.port ?? 9464;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be a whole number from 0 to 65535, got ${String(options.port)}`);
    const headersTimeout = checkCount('headersTimeoutMs', options.headersTimeoutMs ?? 5000, 1);
    const requestTimeout = checkCount('requestTimeoutMs', options.requestTimeoutMs ?? Math.max(10_000, headersTimeout), headersTimeout);
    const keepAliveTimeout = checkCount('keepAliveTimeoutMs', options.keepAliveTimeoutMs ?? 65_000, 0);
    const maxConnections = checkCount('maxConnections', options.maxConnections ?? 100, 1);
    this.options = options;
    this.logger = options.logger ?? createLineLogger();

    let auth = options.auth;
    if (options.webConfigFile !== undefined) {
      const refuseUsersWithAuth = (config: WebConfig) => {
        if (options.auth !== undefined && config.users.size > 0) {
          throw new TypeError('give either auth or basic_auth_users in the web configuration file, not both');
        }
      };
      const source = (this.webConfig = new WebConfigSource(options.webConfigFile, this.logger, refuseUsersWithAuth));
      if (options.auth === undefined) {
        const users = new BasicAuthUsers(source.current().config.users);
        let version = source.current().version;
        auth = {
          challenge: users.challenge,
          check: (header) => {
            const c = source.current();
            if (c.version !== version) users.setUsers(c.config.users);
            version = c.version;
            return users.check(header);
          },
        };
      }
    }
    const handlerOptions: Record<string, unknown> = {};
    for (const name of HANDLER_OPTIONS) if (name in options) handlerOptions[name] = options[name as keyof MetricsHandlerOptions];
    this.handler = createMetricsHandler({ ...(handlerOptions as unknown as MetricsHandlerOptions), auth, logger: this.logger });
    if (options.cleanDeadProcesses === true) {
      const retentionMs = checkCount('processRetentionMs', options.processRetentionMs ?? 3_600_000, 0);
      const intervalMs = checkCount('cleanupIntervalMs', options.cleanupIntervalMs ?? 60_000, 1);
      for (const namespace of this.handler.namespaces) {
        this.cleaners.push(
          new ProcessCleaner({
            store: this.handler.store,
            namespace,
            retentionMs,
            intervalMs,
            report: (error) => this.logger.warn('could not delete the data of dead processes', { namespace, error: error.message }),
          }),
        );
      }
    }

    const serve = (req: IncomingMessage, res: ServerResponse) => this.serve(req, res);
    const timeouts = {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 5)),
    };
    const tls = this.webConfig?.current();
    if (tls?.tls !== undefined) {
      const server = createHttpsServer(
        { ...timeouts, ...tls.tls.context, requestCert: tls.tls.requestCert, rejectUnauthorized: tls.tls.rejectUnauthorized, handshakeTimeout: headersTimeout },
        serve,
      );
      this.watchCertificates(server, tls.version);
      this.http = server;
    } else {
      this.http = createServer(timeouts, serve);
    }
    this.http.keepAliveTimeout = keepAliveTimeout;
    this.connections = new ConnectionGuard(this.http, maxConnections, headersTimeout, (what) => {
      if (Date.now() - this.lastCapLog < 60_000) return;
      this.lastCapLog = Date.now();
      this.logger.warn(`connection cap reached: ${what === 'evicted' ? 'closed an idle connection to make room' : 'refused a connection'}`, {
        max_connections: maxConnections,
      });
    });
  }

  /** The port listened on, once listening. */
  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** The URL of the path that serves every namespace, once listening. */
  get url(): string {
    const host = this.options.host ?? '0.0.0.0';
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    const scheme = this.http instanceof HttpsServer ? 'https' : 'http';
    return `${scheme}://${shown}:${this.port}${this.options.metricsPath ?? '/metrics'}`;
  }

  /** listen starts serving and resolves once the port is open; rejects when it cannot be opened (port in use). */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port ?? 9464, this.options.host ?? '0.0.0.0', () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.logger.info('listening', { url: this.url, namespaces: this.handler.namespaces.join(',') });
    void this.checkNamespaces();
    return this;
  }

  /**
   * close stops accepting connections, lets scrapes in progress finish (at
   * most `shutdownTimeoutMs`), then closes the Redis connection if the
   * server made it. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  private async shutdown(): Promise<void> {
    this.logger.info('stopping');
    for (const c of this.cleaners) c.stop();
    await Promise.all(this.cleaners.map((c) => c.stopped()));
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    // scrapes still running after the shutdown timeout are cut off
    if ((await withTimeout(closed, this.options.shutdownTimeoutMs ?? 5000, true)) === TIMED_OUT) this.http.closeAllConnections();
    await this.handler.close();
    this.logger.info('stopped');
  }

  /** serve answers one request: the rate limit and headers of the web configuration, then the handler. */
  private serve(req: IncomingMessage, res: ServerResponse): void {
    const web: LoadedWebConfig | undefined = this.webConfig?.current();
    if (web !== undefined) {
      const limit = web.config.rateLimit;
      if (limit === undefined) this.bucket = undefined;
      else if (this.bucket?.intervalMs !== limit.intervalMs || this.bucket.burst !== limit.burst) this.bucket = new TokenBucket(limit.intervalMs, limit.burst);
      for (const [name, value] of Object.entries(web.config.headers)) res.setHeader(name, value);
      if (this.bucket !== undefined && !this.bucket.take()) {
        res.statusCode = 429;
        applySecurityHeaders(res);
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('too many requests: see rate_limit in the web configuration file\n');
        return;
      }
    }
    void this.handler(req, res);
  }

  /**
   * watchCertificates puts a changed certificate, key or client CA in force
   * for the next connection (before its handshake), and holds every
   * connection to the client certificate policy in force.
   */
  private watchCertificates(server: HttpsServer, applied: number): void {
    const source = this.webConfig!;
    server.prependListener('connection', () => {
      const c = source.current();
      if (c.version === applied || c.tls === undefined) return;
      applied = c.version;
      server.setSecureContext(c.tls.context);
      Object.assign(server, { requestCert: c.tls.requestCert, rejectUnauthorized: c.tls.rejectUnauthorized });
    });
    let lastRefusal = 0;
    server.on('secureConnection', (socket: TLSSocket) => {
      const tls = source.current().config.tls;
      const reason = tls === undefined ? undefined : refuseClient(tls, socket);
      if (reason === undefined) return;
      socket.destroy();
      if (Date.now() - lastRefusal > 60_000) {
        lastRefusal = Date.now();
        this.logger.warn('refused a TLS client', { reason, client: socket.remoteAddress });
      }
    });
    server.on('tlsClientError', (err: Error, socket: TLSSocket) => {
      if (Date.now() - lastRefusal < 60_000) return;
      lastRefusal = Date.now();
      this.logger.warn('TLS handshake failed', { error: err.message, client: socket.remoteAddress });
    });
  }

  /** checkNamespaces warns about namespaces that hold nothing yet: often a misspelt name. */
  private async checkNamespaces(): Promise<void> {
    for (let attempt = 0; attempt < 20 && this.closing === undefined; attempt++) {
      if ((await this.handler.health()).ok) break;
      await new Promise((r) => setTimeout(r, 250).unref());
    }
    for (const [namespace, reader] of this.handler.readers) {
      if (this.closing !== undefined) return;
      try {
        if ((await reader.read()).length === 0) this.logger.warn('namespace holds no metrics yet; is the name right?', { namespace });
      } catch {
        return; // the outage is logged by the connection
      }
    }
  }
}

function checkCount(option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${option} must be a whole number >= ${min}, got ${String(value)}`);
  }
  return value;
}
