// @ts-nocheck
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../errors/ConfigError';

/**
 * RedisTlsSettings say how to reach Redis over TLS (a `rediss://` URL), as
 * the configuration file, the environment and the command line give them.
 */
export interface RedisTlsSettings {
  /** A PEM file with the CA certificates that sign Redis' certificate. @default the CAs Node trusts */
  caFile?: string;
  /** A PEM file with the client certificate, for a Redis that asks for one (`tls-auth-clients yes`). */
  certFile?: string;
  /** A PEM file with the key of the client certificate. */
  keyFile?: string;
  /** The name Redis' certificate must carry, sent in SNI too. @default the host of the URL */
  serverName?: string;
}

/** The names of the settings, as each source spells them. */
export const REDIS_TLS_SETTINGS = {
  caFile: { env: 'INSTRUMENTOR_REDIS_TLS_CA_FILE', option: '--redis-tls-ca-file' },
  certFile: { env: 'INSTRUMENTOR_REDIS_TLS_CERT_FILE', option: '--redis-tls-cert-file' },
  keyFile: { env: 'INSTRUMENTOR_REDIS_TLS_KEY_FILE', option: '--redis-tls-key-file' },
  serverName: { env: 'INSTRUMENTOR_REDIS_TLS_SERVER_NAME', option: '--redis-tls-server-name' },
} as const;

/**
 * redisTlsOptions reads the files of `settings` and returns the `tls`
 * options of an ioredis connection to `url`: `new Redis(url, { tls })`.
 * Returns undefined when no setting is given. Throws a ConfigError (naming
 * `source` and the setting) when a file cannot be read, when a certificate
 * comes without its key or the other way round, or when TLS settings are
 * given for a URL that is not `rediss://`.
 *
 * @example
 * const tls = redisTlsOptions('rediss://redis:6380', { caFile: '/etc/redis/ca.crt' });
 * const redis = new Redis('rediss://redis:6380', { tls });
 */
export function redisTlsOptions(url: string, settings: RedisTlsSettings | undefined, source = 'configuration'): ConnectionOptions | undefined {
  if (settings === undefined || Object.values(settings).every((v) => v === undefined)) return undefined;
  if (!/^rediss:\/\//i.test(url)) {
    throw new ConfigError(source, 'redisTls', `TLS settings are given, but the Redis URL is not rediss://: use rediss:// to connect over TLS`);
  }
  if ((settings.certFile === undefined) !== (settings.keyFile === undefined)) {
    throw new ConfigError(source, 'redisTls', 'a client certificate needs both certFile and keyFile');
  }
  const read = (file: string | undefined, setting: string) => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new ConfigError(source, `redisTls.${setting}`, `cannot read ${file}: ${(err as Error).message}`);
    }
  };
  const tls: ConnectionOptions = {};
  const ca = read(settings.caFile, 'caFile');
  const cert = read(settings.certFile, 'certFile');
  const key = read(settings.keyFile, 'keyFile');
  if (ca !== undefined) tls.ca = ca;
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  if (settings.serverName !== undefined) tls.servername = settings.serverName;
  return tls;
}
