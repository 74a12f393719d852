// @ts-nocheck
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../errors/ConfigError';

/** The client certificate policies of the exporter-toolkit, as Go's crypto/tls names them. */
export type ClientAuthType =
  | 'NoClientCert'
  | 'RequestClientCert'
  | 'RequireAnyClientCert'
  | 'VerifyClientCertIfGiven'
  | 'RequireAndVerifyClientCert';

/** TlsServerConfig is the `tls_server_config` section, paths resolved against the file's folder, names in OpenSSL's terms. */
export interface TlsServerConfig {
  readonly certFile?: string;
  readonly cert?: string;
  readonly keyFile?: string;
  readonly key?: string;
  readonly clientAuthType: ClientAuthType;
  readonly clientCaFile?: string;
  readonly clientCa?: string;
  /** A client certificate must carry one of these subject alternative names (DNS, IP, e-mail or URI). */
  readonly clientAllowedSans?: readonly string[];
  readonly minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  readonly maxVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** OpenSSL names of the TLS 1.2 cipher suites allowed, in order; undefined: Node's defaults. */
  readonly cipherSuites?: readonly string[];
  readonly preferServerCipherSuites: boolean;
  /** OpenSSL names of the ECDHE curves, in order; undefined: Node's defaults. */
  readonly curvePreferences?: readonly string[];
}

/**
 * WebConfig is a Prometheus web configuration file (`--web.config.file`), as
 * the exporter-toolkit defines it: TLS, extra response headers, basic
 * authentication users with bcrypt hashes, and a rate limit.
 */
export interface WebConfig {
  /** HTTPS settings; undefined serves plain HTTP. */
  readonly tls: TlsServerConfig | undefined;
  /** Accepted for compatibility; the server speaks HTTP/1.1 only. @default true */
  readonly http2: boolean;
  /** Headers added to every answer; an empty value turns a default header off. */
  readonly headers: Readonly<Record<string, string>>;
  /** User name → bcrypt hash; empty: no basic authentication. */
  readonly users: ReadonlyMap<string, string>;
  /** A token bucket for requests: one token every `intervalMs`, at most `burst`; undefined: no limit. */
  readonly rateLimit: { readonly intervalMs: number; readonly burst: number } | undefined;
}

/** The headers the file may set, and the values allowed where the exporter-toolkit restricts them. */
const HEADERS: Record<string, readonly string[] | undefined> = {
  'Strict-Transport-Security': undefined,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': undefined,
  'Content-Security-Policy': undefined,
};

const CLIENT_AUTH: Record<string, ClientAuthType> = {
  '': 'NoClientCert',
  NoClientCert: 'NoClientCert',
  RequestClientCert: 'RequestClientCert',
  RequireAnyClientCert: 'RequireAnyClientCert',
  RequireClientCert: 'RequireAnyClientCert',
  VerifyClientCertIfGiven: 'VerifyClientCertIfGiven',
  RequireAndVerifyClientCert: 'RequireAndVerifyClientCert',
};

const VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;

/** The Go names of the TLS 1.2 cipher suites crypto/tls offers, and OpenSSL's names for them. */
const CIPHERS: Record<string, string> = {
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_AES_128_GCM_SHA256: 'TLS_AES_128_GCM_SHA256',
  TLS_AES_256_GCM_SHA384: 'TLS_AES_256_GCM_SHA384',
  TLS_CHACHA20_POLY1305_SHA256: 'TLS_CHACHA20_POLY1305_SHA256',
};

const CURVES: Record<string, string> = { CurveP256: 'P-256', CurveP384: 'P-384', CurveP521: 'P-521', X25519: 'X25519' };

/**
 * readWebConfigFile reads a web configuration file. Relative file names in
 * it are taken from the file's folder. Throws a ConfigError naming the file
 * and the setting when it cannot be read or does not follow the format:
 * unknown settings, a header that may not be set, a hash that is not bcrypt,
 * TLS without a certificate or key, client CAs without a client policy.
 */
export function readWebConfigFile(path: string): WebConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, 'file', `cannot read it: ${(err as Error).message}`);
  }
  return parseWebConfig(text, path);
}

/** parseWebConfig reads the text of a web configuration file that sits at `path` (see readWebConfigFile). */
export function parseWebConfig(text: string, path: string): WebConfig {
  let data: unknown;
  try {
    data = parse(text, { uniqueKeys: true, prettyErrors: true });
  } catch (err) {
    throw new ConfigError(path, 'file', `cannot read it as YAML: ${(err as Error).message}`);
  }
  const fail = (setting: string, message: string): never => {
    throw new ConfigError(path, setting, message);
  };
  const root = section(data ?? {}, 'file', ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit'], fail);
  const dir = dirname(path);
  const file = (value: string | undefined) => (value === undefined || value === '' || isAbsolute(value) ? value || undefined : join(dir, value));

  const http = section(root.http_server_config ?? {}, 'http_server_config', ['http2', 'headers'], fail);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(section(http.headers ?? {}, 'http_server_config.headers', undefined, fail))) {
    const setting = `http_server_config.headers.${name}`;
    if (!(name in HEADERS)) fail(setting, `this header can not be configured (allowed: ${Object.keys(HEADERS).join(', ')})`);
    const v = text_(value, setting, fail) ?? '';
    const allowed = HEADERS[name];
    if (allowed !== undefined && !allowed.includes(v)) fail(setting, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`);
    headers[name] = v;
  }

  const users = new Map<string, string>();
  for (const [name, hash] of Object.entries(section(root.basic_auth_users ?? {}, 'basic_auth_users', undefined, fail))) {
    const setting = `basic_auth_users.${name}`;
    const h = text_(hash, setting, fail) ?? '';
    if (!/^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$/.test(h)) fail(setting, 'must be a bcrypt hash such as $2y$10$… (htpasswd -nBC 10 "" | tr -d \':\\n\')');
    if (name.includes(':')) fail(setting, 'a user name cannot hold ":" in basic authentication');
    users.set(name, h);
  }

  let rateLimit: WebConfig['rateLimit'];
  if (root.rate_limit !== undefined && root.rate_limit !== null) {
    const r = section(root.rate_limit, 'rate_limit', ['interval', 'burst'], fail);
    const intervalMs = r.interval === undefined ? 0 : goDuration(r.interval, 'rate_limit.interval', fail);
    const burst = r.burst ?? 0;
    if (!Number.isInteger(burst) || (burst as number) < 0) fail('rate_limit.burst', `must be a whole number >= 0, got ${JSON.stringify(burst)}`);
    if (intervalMs > 0) rateLimit = { intervalMs, burst: burst as number };
  }

  return {
    tls: tlsSection(root.tls_server_config ?? {}, file, fail),
    http2: bool(http.http2, 'http_server_config.http2', true, fail),
    headers,
    users,
    rateLimit,
  };
}

function tlsSection(data: unknown, file: (v: string | undefined) => string | undefined, fail: (s: string, m: string) => never): TlsServerConfig | undefined {
  const keys = ['cert', 'key', 'client_ca', 'cert_file', 'key_file', 'client_auth_type', 'client_ca_file', 'client_allowed_sans',
    'min_version', 'max_version', 'cipher_suites', 'prefer_server_cipher_suites', 'curve_preferences'];
  const t = section(data, 'tls_server_config', keys, fail);
  const s = (k: string) => text_(t[k], `tls_server_config.${k}`, fail) || undefined;
  const certFile = file(s('cert_file'));
  const keyFile = file(s('key_file'));
  const clientCaFile = file(s('client_ca_file'));
  const [cert, key, clientCa, authName] = [s('cert'), s('key'), s('client_ca'), s('client_auth_type')];
  const enabled = [certFile, keyFile, clientCaFile, cert, key, clientCa, authName].some((v) => v !== undefined);
  if (!enabled) return undefined;
  if (certFile === undefined && cert === undefined) fail('tls_server_config', 'missing one of cert or cert_file');
  if (keyFile === undefined && key === undefined) fail('tls_server_config', 'missing one of key or key_file');
  if (certFile !== undefined && cert !== undefined) fail('tls_server_config.cert', 'give either cert or cert_file, not both');
  if (keyFile !== undefined && key !== undefined) fail('tls_server_config.key', 'give either key or key_file, not both');
  const clientAuthType = CLIENT_AUTH[authName ?? ''];
  if (clientAuthType === undefined) fail('tls_server_config.client_auth_type', `unknown policy ${JSON.stringify(authName)} (known: ${Object.keys(CLIENT_AUTH).filter((k) => k !== '').join(', ')})`);
  if ((clientCaFile !== undefined || clientCa !== undefined) && clientAuthType === 'NoClientCert') {
    fail('tls_server_config.client_auth_type', "client CA's have been configured without a client auth policy");
  }
  if ((clientAuthType === 'RequireAndVerifyClientCert' || clientAuthType === 'VerifyClientCertIfGiven') && clientCaFile === undefined && clientCa === undefined) {
    fail('tls_server_config.client_ca_file', `${clientAuthType} needs the CA that signs client certificates`);
  }
  const version = (k: string, d: keyof typeof VERSIONS) => {
    const v = s(k) ?? d;
    if (!(v in VERSIONS)) fail(`tls_server_config.${k}`, `unknown TLS version ${JSON.stringify(v)} (known: ${Object.keys(VERSIONS).join(', ')})`);
    return VERSIONS[v as keyof typeof VERSIONS];
  };
  const names = (k: string, table: Record<string, string>) => {
    if (t[k] === undefined || t[k] === null) return undefined;
    if (!Array.isArray(t[k])) fail(`tls_server_config.${k}`, 'must be a list');
    return (t[k] as unknown[]).map((n) => {
      if (typeof n !== 'string' || !(n in table)) fail(`tls_server_config.${k}`, `unknown name ${JSON.stringify(n)} (known: ${Object.keys(table).join(', ')})`);
      return table[n as string];
    });
  };
  let sans: string[] | undefined;
  if (t.client_allowed_sans !== undefined && t.client_allowed_sans !== null) {
    if (!Array.isArray(t.client_allowed_sans) || t.client_allowed_sans.some((v) => typeof v !== 'string')) {
      fail('tls_server_config.client_allowed_sans', 'must be a list of names');
    }
    sans = t.client_allowed_sans as string[];
  }
  const minVersion = version('min_version', 'TLS12');
  const maxVersion = version('max_version', 'TLS13');
  if (minVersion > maxVersion) fail('tls_server_config.min_version', `${minVersion} is above max_version ${maxVersion}`);
  return {
    certFile, cert, keyFile, key, clientAuthType, clientCaFile, clientCa, clientAllowedSans: sans,
    minVersion, maxVersion,
    cipherSuites: names('cipher_suites', CIPHERS),
    preferServerCipherSuites: bool(t.prefer_server_cipher_suites, 'tls_server_config.prefer_server_cipher_suites', true, fail),
    curvePreferences: names('curve_preferences', CURVES),
  };
}

function section(data: unknown, setting: string, keys: readonly string[] | undefined, fail: (s: string, m: string) => never): Record<string, unknown> {
  if (data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) fail(setting, 'must be a mapping');
  const d = data as Record<string, unknown>;
  if (keys !== undefined) {
    for (const k of Object.keys(d)) if (!keys.includes(k)) fail(setting === 'file' ? k : `${setting}.${k}`, `unknown setting (known: ${keys.join(', ')})`);
  }
  return d;
}

function text_(value: unknown, setting: string, fail: (s: string, m: string) => never): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(setting, `must be a string, got ${JSON.stringify(value)}`);
  return value as string;
}

function bool(value: unknown, setting: string, fallback: boolean, fail: (s: string, m: string) => never): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') fail(setting, `must be true or false, got ${JSON.stringify(value)}`);
  return value as boolean;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** goDuration reads a Go duration such as `1s`, `250ms` or `1m30s` as milliseconds. */
function goDuration(value: unknown, setting: string, fail: (s: string, m: string) => never): number {
  if (value === 0 || value === '0') return 0;
  const text = typeof value === 'string' ? value : '';
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (text === '' || parts.map((p) => p[0]).join('') !== text) fail(setting, `must be a duration such as 1s or 250ms, got ${JSON.stringify(value)}`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2]], 0);
}
