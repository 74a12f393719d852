import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetricsHandler, MetricsHandler, MetricsHandlerOptions } from './createMetricsHandler';
import { createLineLogger, Logger } from './logger';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';

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
}

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
  /** The node:http server. */
  readonly http: Server;
  private readonly options: ExpositionServerOptions;
  private readonly logger: Logger;
  private closing: Promise<void> | undefined;

  constructor(options: ExpositionServerOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('ExpositionServer needs an options object');
    const port = options.port ?? 9464;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be a whole number from 0 to 65535, got ${String(options.port)}`);
    this.options = options;
    this.logger = options.logger ?? createLineLogger();
    this.handler = createMetricsHandler({ ...options, logger: this.logger });
    this.http = createServer((req, res) => void this.handler(req, res));
    this.http.keepAliveTimeout = 65_000;
  }

  /** The port listened on, once listening. */
  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** The URL of the path that serves every namespace, once listening. */
  get url(): string {
    const host = this.options.host ?? '0.0.0.0';
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    return `http://${shown}:${this.port}${this.options.metricsPath ?? '/metrics'}`;
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
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    // scrapes still running after the shutdown timeout are cut off
    if ((await withTimeout(closed, this.options.shutdownTimeoutMs ?? 5000, true)) === TIMED_OUT) this.http.closeAllConnections();
    await this.handler.close();
    this.logger.info('stopped');
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
