// @ts-nocheck
import { statSync } from 'node:fs';
import type { Logger } from './logger';
import { loadTlsServerOptions, TlsServerOptions } from './tls/tlsServerOptions';
import { readWebConfigFile, WebConfig } from './webConfig';

/** A web configuration as loaded: the file's settings, its TLS files read, and a number that grows with every reload. */
export interface LoadedWebConfig {
  readonly config: WebConfig;
  readonly tls: TlsServerOptions | undefined;
  readonly version: number;
}

/** How often, at most, the files are looked at again, in milliseconds. */
const CHECK_EVERY_MS = 100;

/**
 * WebConfigSource keeps a web configuration file (`--web.config.file`) and
 * the certificate, key and CA files it names up to date: `current()` looks
 * at the files (at most every 100 ms) and reads them again when one of them
 * changed, so certificates are rotated and users changed without a restart.
 * A change that cannot be used (a broken file, a key that does not match
 * its certificate, a switch between HTTP and HTTPS, or one `check` refuses)
 * is logged and the previous configuration stays in force, as Prometheus
 * does with a configuration reload that fails.
 *
 * The constructor reads the files at once and throws a ConfigError when
 * they cannot be used.
 */
export class WebConfigSource {
  private loaded: LoadedWebConfig;
  private signature: string;
  private checkedAt = 0;
  private failure = '';

  constructor(
    readonly path: string,
    private readonly logger: Logger,
    /** check throws (a ConfigError or TypeError) for a configuration the server cannot take. */
    private readonly check: (config: WebConfig) => void = () => undefined,
  ) {
    this.loaded = { ...this.load(), version: 1 };
    this.signature = this.sign();
  }

  /** current returns the configuration in force, reloaded first when a file changed. */
  current(): LoadedWebConfig {
    const now = Date.now();
    if (now - this.checkedAt < CHECK_EVERY_MS) return this.loaded;
    this.checkedAt = now;
    const signature = this.sign();
    if (signature === this.signature) return this.loaded;
    this.signature = signature; // a failed reload is tried again when a file changes again
    try {
      const next = this.load();
      if ((next.tls === undefined) !== (this.loaded.tls === undefined)) {
        throw new Error('switching between HTTP and HTTPS needs a restart');
      }
      this.loaded = { ...next, version: this.loaded.version + 1 };
      this.signature = this.sign(); // the new configuration may name other files
      this.failure = '';
      this.logger.info('reloaded the web configuration', { file: this.path });
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.failure) {
        this.failure = message;
        this.logger.error('cannot reload the web configuration; the previous one stays in force', { file: this.path, error: message });
      }
    }
    return this.loaded;
  }

  private load(): Omit<LoadedWebConfig, 'version'> {
    const config = readWebConfigFile(this.path);
    this.check(config);
    return { config, tls: config.tls === undefined ? undefined : loadTlsServerOptions(config.tls, this.path) };
  }

  /** sign describes the state of every file the configuration depends on; it changes when one of them does. */
  private sign(): string {
    const tls = this.loaded?.config.tls;
    return [this.path, tls?.certFile, tls?.keyFile, tls?.clientCaFile]
      .map((file) => {
        if (file === undefined) return '-';
        try {
          const s = statSync(file);
          return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
        } catch {
          return 'missing';
        }
      })
      .join('|');
  }
}
