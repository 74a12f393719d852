import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../errors/ConfigError';
import type { ReaderLimits } from '../exposition/decode/ReaderLimits';
import { REDIS_TLS_SETTINGS, redisTlsOptions, RedisTlsSettings } from '../store/redisTls';
import { checkTopology, ReadFrom, splitList } from '../store/redisTopology';
import type { AuthOptions } from './authorize';

/**
 * ServerConfig is the configuration of the exposition server as a file,
 * environment variables and command-line options give it (see
 * docs/deployment.md). Every field is optional in each source.
 */
export interface ServerConfig {
  /** A `redis://` or `rediss://` URL of a standalone Redis. @default 'redis://127.0.0.1:6379' */
  redis: string;
  /** Seed nodes of a Redis Cluster (`host:port` or URLs), instead of `redis`. @default none */
  redisCluster: string[] | undefined;
  /** Sentinels (`host:port`, port 26379 by default), with `sentinelMaster`, instead of `redis`. @default none */
  sentinels: string[] | undefined;
  /** The master name the sentinels watch. @default none */
  sentinelMaster: string | undefined;
  /** The sentinels' own password (their `requirepass`). @default none */
  sentinelPassword: string | undefined;
  /** The replica of the standalone Redis that scrapes read (a URL). @default none */
  redisReplica: string | undefined;
  /** Where scrapes read (see docs/scaling.md). @default 'master', or 'replica' when redisReplica is given */
  readFrom: ReadFrom;
  /** The namespaces to expose. */
  namespaces: string[];
  /** @default 9464 */
  port: number;
  /** @default '0.0.0.0' */
  host: string;
  /** @default 'namespace' */
  namespaceLabel: string;
  /** Basic or bearer credentials scrapes must send. @default none */
  auth: AuthOptions | undefined;
  /** @default true */
  gzip: boolean;
  /** @default 0 */
  cacheMs: number;
  /** @default 5000 */
  readTimeoutMs: number;
  /** @default '/metrics' */
  metricsPath: string;
  /** @default '/healthz' */
  healthPath: string;
  /** A Prometheus web configuration file: HTTPS, users with bcrypt hashes, headers. @default none */
  webConfigFile: string | undefined;
  /** @default 5000 */
  headersTimeoutMs: number;
  /** @default 10000 */
  requestTimeoutMs: number;
  /** @default 65000 */
  keepAliveTimeoutMs: number;
  /** @default 100 */
  maxConnections: number;
  /** Delete the data of dead processes after processRetentionMs (the server then writes: the writer ACL role). @default false */
  cleanDeadProcesses: boolean;
  /** How long a dead process's data is kept before it is deleted, in milliseconds. @default 3600000 */
  processRetentionMs: number;
  /** TLS to Redis, its files read (see redisTlsOptions). @default none */
  redisTls: ConnectionOptions | undefined;
  /** The limits of the reader's rules (docs/format.md, "Limits"); each left out takes the format's default. @default {} */
  limits: ReaderLimits;
}

/** The limits of the reader's rules a configuration may set, with their environment variables and command-line options. */
export const READER_LIMIT_SETTINGS = {
  maxFieldBytes: { env: 'INSTRUMENTOR_MAX_FIELD_BYTES', option: '--max-field-bytes' },
  maxValueBytes: { env: 'INSTRUMENTOR_MAX_VALUE_BYTES', option: '--max-value-bytes' },
  maxBucketsPerSeries: { env: 'INSTRUMENTOR_MAX_BUCKETS_PER_SERIES', option: '--max-buckets-per-series' },
  maxQuantilesPerFamily: { env: 'INSTRUMENTOR_MAX_QUANTILES_PER_FAMILY', option: '--max-quantiles-per-family' },
} as const satisfies Record<keyof ReaderLimits, { env: string; option: string }>;

/** Settings as one source gives them: any subset, auth secrets possibly in files. */
export interface PartialServerConfig extends Partial<Omit<ServerConfig, 'auth' | 'redisTls' | 'limits'>> {
  limits?: { -readonly [K in keyof ReaderLimits]?: number };
  redisTls?: RedisTlsSettings;
  auth?: {
    username?: string;
    password?: string;
    passwordFile?: string;
    bearerToken?: string;
    bearerTokenFile?: string;
  };
}

/** The defaults of every setting. */
export const DEFAULT_SERVER_CONFIG: Readonly<ServerConfig> = Object.freeze({
  redis: 'redis://127.0.0.1:6379',
  redisCluster: undefined,
  sentinels: undefined,
  sentinelMaster: undefined,
  sentinelPassword: undefined,
  redisReplica: undefined,
  readFrom: 'master',
  namespaces: [],
  port: 9464,
  host: '0.0.0.0',
  namespaceLabel: 'namespace',
  auth: undefined,
  gzip: true,
  cacheMs: 0,
  readTimeoutMs: 5000,
  metricsPath: '/metrics',
  healthPath: '/healthz',
  webConfigFile: undefined,
  headersTimeoutMs: 5000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 100,
  cleanDeadProcesses: false,
  processRetentionMs: 3_600_000,
  redisTls: undefined,
  limits: {},
});

const NUMBERS = ['port', 'cacheMs', 'readTimeoutMs', 'headersTimeoutMs', 'requestTimeoutMs', 'keepAliveTimeoutMs', 'maxConnections', 'processRetentionMs'] as const;
const STRINGS = ['redis', 'sentinelMaster', 'sentinelPassword', 'redisReplica', 'readFrom', 'host', 'namespaceLabel', 'metricsPath', 'healthPath', 'webConfigFile'] as const;
const LISTS = ['namespaces', 'redisCluster', 'sentinels'] as const;
const KEYS: readonly string[] = [...STRINGS, ...NUMBERS, ...LISTS, 'auth', 'gzip', 'cleanDeadProcesses', 'redisTls', 'limits'];

/**
 * readConfigFile reads a JSON configuration file. Throws a ConfigError naming
 * the file when it cannot be read, is not JSON, or has an unknown or
 * ill-typed setting.
 */
export function readConfigFile(path: string): PartialServerConfig {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(path, 'file', `cannot read it as JSON: ${(err as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(path, 'file', 'must hold a JSON object');
  const d = data as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!KEYS.includes(k)) throw new ConfigError(path, k, `unknown setting (known: ${KEYS.join(', ')})`);
  const out: PartialServerConfig = {};
  for (const k of STRINGS) {
    if (d[k] !== undefined) {
      if (typeof d[k] !== 'string') throw new ConfigError(path, k, 'must be a string');
      (out as Record<string, unknown>)[k] = d[k];
    }
  }
  for (const k of NUMBERS) {
    if (d[k] !== undefined) {
      if (typeof d[k] !== 'number') throw new ConfigError(path, k, 'must be a number');
      out[k] = d[k] as number;
    }
  }
  if (d.gzip !== undefined) {
    if (typeof d.gzip !== 'boolean') throw new ConfigError(path, 'gzip', 'must be true or false');
    out.gzip = d.gzip;
  }
  if (d.cleanDeadProcesses !== undefined) {
    if (typeof d.cleanDeadProcesses !== 'boolean') throw new ConfigError(path, 'cleanDeadProcesses', 'must be true or false');
    out.cleanDeadProcesses = d.cleanDeadProcesses;
  }
  for (const k of LISTS) {
    const v = d[k];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.some((n) => typeof n !== 'string')) {
      throw new ConfigError(path, k, k === 'namespaces' ? 'must be an array of namespace names' : 'must be an array of "host:port" strings');
    }
    out[k] = v as string[];
  }
  if (d.auth !== undefined) {
    out.auth = settingsObject(path, 'auth', d.auth, AUTH_SETTINGS, 'string') as PartialServerConfig['auth'];
  }
  if (d.redisTls !== undefined) {
    out.redisTls = settingsObject(path, 'redisTls', d.redisTls, Object.keys(REDIS_TLS_SETTINGS), 'string') as RedisTlsSettings;
  }
  if (d.limits !== undefined) {
    out.limits = settingsObject(path, 'limits', d.limits, Object.keys(READER_LIMIT_SETTINGS), 'number') as PartialServerConfig['limits'];
  }
  return out;
}

/**
 * configFromEnv reads the settings given as environment variables:
 * `INSTRUMENTOR_REDIS_URL` (or `REDIS_URL`), `INSTRUMENTOR_REDIS_CLUSTER`
 * (comma-separated `host:port`), `INSTRUMENTOR_SENTINELS` (comma-separated)
 * with `INSTRUMENTOR_SENTINEL_MASTER`, `INSTRUMENTOR_REDIS_REPLICA_URL`,
 * `INSTRUMENTOR_READ_FROM` (`master`/`replica`), `INSTRUMENTOR_NAMESPACES`
 * (comma-separated), `INSTRUMENTOR_PORT`, `INSTRUMENTOR_HOST`,
 * `INSTRUMENTOR_NAMESPACE_LABEL`, `INSTRUMENTOR_GZIP` (`true`/`false`),
 * `INSTRUMENTOR_CACHE_MS`, `INSTRUMENTOR_READ_TIMEOUT_MS`,
 * `INSTRUMENTOR_METRICS_PATH`, `INSTRUMENTOR_HEALTH_PATH`,
 * `INSTRUMENTOR_WEB_CONFIG_FILE`, `INSTRUMENTOR_HEADERS_TIMEOUT_MS`,
 * `INSTRUMENTOR_REQUEST_TIMEOUT_MS`, `INSTRUMENTOR_KEEP_ALIVE_TIMEOUT_MS`,
 * `INSTRUMENTOR_MAX_CONNECTIONS`, the reader's limits
 * (`INSTRUMENTOR_MAX_FIELD_BYTES`, `INSTRUMENTOR_MAX_VALUE_BYTES`,
 * `INSTRUMENTOR_MAX_BUCKETS_PER_SERIES`, `INSTRUMENTOR_MAX_QUANTILES_PER_FAMILY`),
 * `INSTRUMENTOR_REDIS_TLS_CA_FILE`,
 * `INSTRUMENTOR_REDIS_TLS_CERT_FILE`, `INSTRUMENTOR_REDIS_TLS_KEY_FILE`,
 * `INSTRUMENTOR_REDIS_TLS_SERVER_NAME`,
 * `INSTRUMENTOR_BEARER_TOKEN` or `INSTRUMENTOR_BEARER_TOKEN_FILE`,
 * `INSTRUMENTOR_BASIC_AUTH_USERNAME` with `INSTRUMENTOR_BASIC_AUTH_PASSWORD` or
 * `INSTRUMENTOR_BASIC_AUTH_PASSWORD_FILE`. Throws a ConfigError naming the
 * variable when a number or boolean cannot be read.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): PartialServerConfig {
  const out: PartialServerConfig = {};
  const str = (name: string) => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  const num = (name: string) => {
    const v = str(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || v.trim() === '') throw new ConfigError(name, 'environment', `${JSON.stringify(v)} is not a number`);
    return n;
  };
  out.redis = str('INSTRUMENTOR_REDIS_URL') ?? str('REDIS_URL');
  const cluster = str('INSTRUMENTOR_REDIS_CLUSTER');
  if (cluster !== undefined) out.redisCluster = splitList(cluster);
  const sentinels = str('INSTRUMENTOR_SENTINELS');
  if (sentinels !== undefined) out.sentinels = splitList(sentinels);
  out.sentinelMaster = str('INSTRUMENTOR_SENTINEL_MASTER');
  out.sentinelPassword = str('INSTRUMENTOR_SENTINEL_PASSWORD');
  out.redisReplica = str('INSTRUMENTOR_REDIS_REPLICA_URL');
  out.readFrom = str('INSTRUMENTOR_READ_FROM') as ReadFrom | undefined;
  const ns = str('INSTRUMENTOR_NAMESPACES');
  if (ns !== undefined) out.namespaces = ns.split(',').map((n) => n.trim()).filter((n) => n !== '');
  out.port = num('INSTRUMENTOR_PORT');
  out.host = str('INSTRUMENTOR_HOST');
  out.namespaceLabel = str('INSTRUMENTOR_NAMESPACE_LABEL');
  out.cacheMs = num('INSTRUMENTOR_CACHE_MS');
  out.readTimeoutMs = num('INSTRUMENTOR_READ_TIMEOUT_MS');
  out.metricsPath = str('INSTRUMENTOR_METRICS_PATH');
  out.healthPath = str('INSTRUMENTOR_HEALTH_PATH');
  out.webConfigFile = str('INSTRUMENTOR_WEB_CONFIG_FILE');
  out.headersTimeoutMs = num('INSTRUMENTOR_HEADERS_TIMEOUT_MS');
  out.requestTimeoutMs = num('INSTRUMENTOR_REQUEST_TIMEOUT_MS');
  out.keepAliveTimeoutMs = num('INSTRUMENTOR_KEEP_ALIVE_TIMEOUT_MS');
  out.maxConnections = num('INSTRUMENTOR_MAX_CONNECTIONS');
  out.processRetentionMs = num('INSTRUMENTOR_PROCESS_RETENTION_MS');
  const clean = str('INSTRUMENTOR_CLEAN_DEAD_PROCESSES');
  if (clean !== undefined) {
    if (!/^(true|false|1|0)$/i.test(clean)) throw new ConfigError('INSTRUMENTOR_CLEAN_DEAD_PROCESSES', 'environment', `${JSON.stringify(clean)} is not true or false`);
    out.cleanDeadProcesses = /^(true|1)$/i.test(clean);
  }
  const limits: NonNullable<PartialServerConfig['limits']> = {};
  for (const [k, names] of Object.entries(READER_LIMIT_SETTINGS)) limits[k as keyof ReaderLimits] = num(names.env);
  if (Object.values(limits).some((v) => v !== undefined)) out.limits = dropUndefined(limits);
  const tls: RedisTlsSettings = {};
  for (const [k, names] of Object.entries(REDIS_TLS_SETTINGS)) tls[k as keyof RedisTlsSettings] = str(names.env);
  if (Object.values(tls).some((v) => v !== undefined)) out.redisTls = dropUndefined(tls);
  const gz = str('INSTRUMENTOR_GZIP');
  if (gz !== undefined) {
    if (!/^(true|false|1|0)$/i.test(gz)) throw new ConfigError('INSTRUMENTOR_GZIP', 'environment', `${JSON.stringify(gz)} is not true or false`);
    out.gzip = /^(true|1)$/i.test(gz);
  }
  const auth = {
    bearerToken: str('INSTRUMENTOR_BEARER_TOKEN'),
    bearerTokenFile: str('INSTRUMENTOR_BEARER_TOKEN_FILE'),
    username: str('INSTRUMENTOR_BASIC_AUTH_USERNAME'),
    password: str('INSTRUMENTOR_BASIC_AUTH_PASSWORD'),
    passwordFile: str('INSTRUMENTOR_BASIC_AUTH_PASSWORD_FILE'),
  };
  if (Object.values(auth).some((v) => v !== undefined)) out.auth = dropUndefined(auth);
  return dropUndefined(out);
}

/**
 * resolveServerConfig merges the sources, later ones winning setting by
 * setting (typically: the file, then the environment, then command-line
 * options), over the defaults; reads secrets from their files; and checks the
 * result. The `auth` settings merge one by one too, so a username from one
 * source and a password from another make one basic authentication; a later
 * source that gives a bearer token replaces an earlier username and password,
 * and the other way round. Throws a ConfigError when no namespace is given or
 * a value is out of range.
 */
export function resolveServerConfig(...sources: Array<PartialServerConfig | undefined>): ServerConfig {
  const merged: PartialServerConfig = {};
  for (const s of sources) {
    if (s === undefined) continue;
    const { auth, redisTls, limits, ...rest } = s;
    Object.assign(merged, dropUndefined(rest));
    if (limits !== undefined) merged.limits = { ...merged.limits, ...dropUndefined(limits) };
    if (auth !== undefined) merged.auth = mergeAuth(merged.auth, dropUndefined(auth));
    if (redisTls !== undefined) merged.redisTls = { ...merged.redisTls, ...dropUndefined(redisTls) };
  }
  const { redisTls, ...settings } = merged;
  const c = { ...DEFAULT_SERVER_CONFIG, ...settings } as Omit<ServerConfig, 'auth'> & { auth: PartialServerConfig['auth'] };
  if (c.namespaces.length === 0) {
    throw new ConfigError('configuration', 'namespaces', 'no namespace to expose: give --namespace, INSTRUMENTOR_NAMESPACES or "namespaces" in the file');
  }
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) throw new ConfigError('configuration', 'port', `must be 0 to 65535, got ${c.port}`);
  for (const k of ['cacheMs', 'readTimeoutMs', 'keepAliveTimeoutMs'] as const) {
    if (!(c[k] >= 0)) throw new ConfigError('configuration', k, `must be a number of milliseconds >= 0, got ${c[k]}`);
  }
  for (const k of ['headersTimeoutMs', 'requestTimeoutMs', 'maxConnections'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new ConfigError('configuration', k, `must be a whole number >= 1, got ${c[k]}`);
  }
  for (const [k, v] of Object.entries(c.limits)) {
    if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError('configuration', `limits.${k}`, `must be a whole number >= 1, got ${v}`);
  }
  if (c.requestTimeoutMs < c.headersTimeoutMs) {
    throw new ConfigError('configuration', 'requestTimeoutMs', `must be at least headersTimeoutMs (${c.headersTimeoutMs}), got ${c.requestTimeoutMs}`);
  }
  const topology = checkTopology({ ...c, readFrom: settings.readFrom });
  const node = c.redisCluster?.[0] ?? c.sentinels?.[0];
  const tlsUrl = node !== undefined ? (/^rediss?:\/\//i.test(node) ? node : `redis://${node}`) : topology.readFrom === 'replica' ? c.redisReplica! : c.redis;
  return {
    ...c,
    readFrom: topology.readFrom,
    namespaces: [...c.namespaces],
    auth: resolveAuth(c.auth),
    redisTls: redisTlsOptions(tlsUrl, redisTls),
  };
}

/** The auth settings a given one replaces when a later source gives it: its file or inline twin, and the other scheme's. */
const REPLACES: Record<string, readonly string[]> = {
  bearerToken: ['bearerTokenFile', 'username', 'password', 'passwordFile'],
  bearerTokenFile: ['bearerToken', 'username', 'password', 'passwordFile'],
  username: ['bearerToken', 'bearerTokenFile'],
  password: ['passwordFile', 'bearerToken', 'bearerTokenFile'],
  passwordFile: ['password', 'bearerToken', 'bearerTokenFile'],
};

/** mergeAuth lays the auth settings of a later source over those of earlier ones, setting by setting. */
function mergeAuth(earlier: PartialServerConfig['auth'], later: NonNullable<PartialServerConfig['auth']>): PartialServerConfig['auth'] {
  const out: Record<string, string | undefined> = { ...earlier };
  for (const k of Object.keys(later)) for (const r of REPLACES[k] ?? []) if (!(r in later)) delete out[r];
  return { ...out, ...later };
}

function resolveAuth(a: PartialServerConfig['auth']): AuthOptions | undefined {
  if (a === undefined) return undefined;
  const secret = (file: string | undefined, setting: string) => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(file, setting, `cannot read the secret: ${(err as Error).message}`);
    }
  };
  const bearerToken = a.bearerToken ?? secret(a.bearerTokenFile, 'auth.bearerTokenFile');
  const password = a.password ?? secret(a.passwordFile, 'auth.passwordFile');
  if (bearerToken !== undefined) {
    if (a.username !== undefined) throw new ConfigError('configuration', 'auth', 'give either a bearer token or a username and password, not both');
    return { bearerToken };
  }
  if (a.username === undefined && password === undefined) return undefined;
  if (a.username === undefined || password === undefined) {
    throw new ConfigError('configuration', 'auth', 'basic authentication needs both a username and a password');
  }
  return { username: a.username, password };
}

function dropUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** The settings of `auth` in a configuration file. */
const AUTH_SETTINGS: readonly string[] = ['username', 'password', 'passwordFile', 'bearerToken', 'bearerTokenFile'];

/**
 * settingsObject checks a nested object of a configuration file: an object
 * whose every key is one of `known` and every value of `type`. Throws a
 * ConfigError naming the file and the setting (`limits.maxFields: unknown
 * setting (known: …)`).
 */
function settingsObject(path: string, name: string, value: unknown, known: readonly string[], type: 'string' | 'number'): Record<string, unknown> {
  if (value === null || typeof value !== 'object') throw new ConfigError(path, name, 'must be an object');
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!known.includes(k)) throw new ConfigError(path, `${name}.${k}`, `unknown setting (known: ${known.join(', ')})`);
    if (typeof o[k] !== type) throw new ConfigError(path, `${name}.${k}`, `must be a ${type}`);
  }
  return o;
}
