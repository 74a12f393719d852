import type { ConnectionOptions } from 'node:tls';
import Redis, { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import { RedisUnavailableError } from '../errors/RedisUnavailableError';
import { withTimeout } from '../util/withTimeout';
import { checkRedisUrl } from './redisUrl';

/** A Redis connection as the registry and the exposition client accept it. */
export type RedisLike = Redis | Cluster;

/**
 * The seed nodes of a Redis Cluster, for a Cluster made here: `readFrom:
 * 'replica'` reads from replicas (ioredis' `scaleReads: 'slave'`; writes
 * still go to masters); `redisOptions` apply to every node (user, password).
 */
export interface ClusterSeeds {
  clusterNodes: ReadonlyArray<{ host: string; port: number }>;
  /** @default 'master' */
  readFrom?: 'master' | 'replica';
  redisOptions?: RedisOptions;
}

/** How to reach Redis: an ioredis client or Cluster, a `redis://` URL, ioredis options (Sentinel included), or Cluster seeds. */
export type RedisInput = RedisLike | string | RedisOptions | ClusterSeeds;

/**
 * How a connection made from a URL or options behaves (a client given is
 * used as it is):
 *
 * - `recorder`: ioredis' defaults; it reconnects for ever. RedisStore sends
 *   writes only on a ready connection, so the offline queue never holds them.
 * - `reader`: for a server, so that a scrape during an outage fails at once:
 *   no offline queue, one retry per command, connect and command timeouts of
 *   `timeoutMs`, a reconnection every 2 seconds at most. Options given win.
 *   A Cluster keeps its queue for a node whose connection is being opened
 *   (see makeCluster); the reads wait for the Cluster itself with `ready()`.
 * - `command`: for a one-shot command: it connects when asked and never
 *   reconnects, so that an unreachable Redis ends the command with a message.
 */
export type ConnectionProfile = 'recorder' | 'reader' | 'command';

/** How long ioredis waits for a socket it ends to close before it destroys it, in milliseconds. */
const DISCONNECT_WAIT_MS = 100;

/** How long close() waits for QUIT before it drops the connection, in milliseconds. */
const QUIT_WAIT_MS = 1000;

/**
 * RedisConnection is the one place where a Redis client is made from what a
 * user gives (`redis` options of the registry, the exposition client, the
 * server and the CLI; a Cluster from seeds, see redisTopology for Sentinel
 * and replicas), where its readiness is awaited, and where a client made
 * here is closed. Throws a TypeError when `input` is none of a client, a
 * URL, options or Cluster seeds.
 *
 * @example
 * const connection = new RedisConnection('redis://127.0.0.1:6379', 'reader', 5000);
 * await connection.ready(5000);
 */
export class RedisConnection {
  /** The client: the one given, or one made here. */
  readonly client: RedisLike;
  /** True when the client was made here, so that `close()` closes it. */
  readonly owned: boolean;
  /** The wait for a connection being opened, shared by the callers that arrive meanwhile. */
  private opening: { waitMs: number; ready: Promise<void> } | undefined;
  /** The commands of ours in flight (see hold); while there are none, a connection made here does not keep the process alive. */
  private busy = 0;
  /** The last error of a client made here, until it is ready again: the cause of RedisUnavailableErrors. */
  private lastError: Error | undefined;

  /** lastFailure is the last error of a client made here since it was last ready (undefined: none, or a client given). */
  lastFailure(): Error | undefined {
    return this.lastError;
  }

  /** `tls` (see redisTlsOptions) is used for a client made here from a rediss:// URL or options. */
  constructor(input: RedisInput, profile: ConnectionProfile = 'recorder', timeoutMs = 5000, tls?: ConnectionOptions) {
    if (isRedisClient(input)) {
      if (tls !== undefined) throw new TypeError('redisTls applies to a connection made from a URL or options, not to a client given: set tls on that client');
      this.client = input;
      this.owned = false;
      return;
    }
    if (input === null || (typeof input !== 'string' && typeof input !== 'object')) {
      throw new TypeError('redis must be an ioredis client or Cluster, a redis:// URL, or ioredis options');
    }
    // ioredis waits disconnectTimeout (2 s by default) for a socket that is already gone to close: it kept a stopping process alive
    const options: RedisOptions = { disconnectTimeout: DISCONNECT_WAIT_MS, ...profileOptions(profile, timeoutMs), ...(tls && { tls }) };
    this.client = isClusterSeeds(input)
      ? makeCluster(input, options)
      : typeof input === 'string'
        ? new Redis(checkRedisUrl(input), options)
        : new Redis({ ...options, ...input, ...(tls && withTls(input as RedisOptions, tls)) });
    this.owned = true;
    // surfaced through the commands that fail, and as the cause of RedisUnavailableErrors
    this.client.on('error', (err: Error) => (this.lastError = err));
    this.client.on('ready', () => {
      this.lastError = undefined;
      if (this.busy === 0) this.keepAlive(false);
    });
    // a reconnection scheduled while nothing of ours waits does not keep the process alive either
    this.client.on('reconnecting', () => {
      if (this.busy === 0) (this.client as unknown as { reconnectTimeout?: NodeJS.Timeout | null }).reconnectTimeout?.unref();
    });
    // a connection the server closed (killed, restarted) is a reason too, until a reconnection fails with a better one
    this.client.on('close', () => (this.lastError ??= new Error('the connection to Redis was closed')));
  }

  /**
   * ready resolves when the client can take a command: at once when it is
   * connected, when it connects within `waitMs` while it is being opened
   * (a lazy client is asked to connect). It rejects with a
   * RedisUnavailableError when the connection is down, reconnecting or
   * closed, or does not open in time. Calls made while a wait of the same
   * length is under way share it.
   */
  ready(waitMs: number): Promise<void> {
    const client = this.client as RedisLike & { status: string };
    const status = client.status;
    if (status === 'ready') return Promise.resolve();
    if (status !== 'wait' && status !== 'connecting' && status !== 'connect') {
      return Promise.reject(this.unavailable(status));
    }
    if (status === 'wait') client.connect().catch(() => undefined);
    if (this.opening !== undefined && this.opening.waitMs === waitMs) return this.opening.ready;
    const ready = new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('close', onClose);
        client.off('end', onClose);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onReady = () => done();
      const onClose = () => done(this.unavailable(client.status));
      const timer = setTimeout(() => done(this.unavailable(client.status)), waitMs);
      client.on('ready', onReady);
      client.on('close', onClose);
      client.on('end', onClose);
    });
    const opening = { waitMs, ready };
    this.opening = opening;
    const clear = () => {
      if (this.opening === opening) this.opening = undefined;
    };
    ready.then(clear, clear);
    return ready;
  }

  /**
   * hold marks a command of ours in flight until `release`: the connection
   * keeps the process alive meanwhile. A connection made here that is idle
   * does not (its socket is unref'd), so that a script that recorded and
   * never closed its registry ends once its updates are delivered. A client
   * given is left as it is.
   */
  hold(): void {
    if (this.busy++ === 0) this.keepAlive(true);
  }

  /** release ends a `hold`. */
  release(): void {
    if (this.busy > 0 && --this.busy === 0) this.keepAlive(false);
  }

  /** keepAlive refs or unrefs the socket of a connection made here. */
  private keepAlive(on: boolean): void {
    if (!this.owned) return;
    const stream = (this.client as { stream?: { ref?: () => void; unref?: () => void } }).stream;
    if (on) stream?.ref?.();
    else stream?.unref?.();
  }

  /** unavailable is the error of a command that cannot be sent now: the status, the last error of the connection, its address. */
  unavailable(status: string = this.client.status): RedisUnavailableError {
    return new RedisUnavailableError(status, this.lastError, this.address());
  }

  /** address is `host:port` or the socket path of the client, as far as it tells (a Cluster does not). */
  address(): string | undefined {
    const o = (this.client as { options?: { host?: string; port?: number; path?: string } }).options;
    if (o === undefined) return undefined;
    if (typeof o.path === 'string' && o.path !== '') return o.path;
    return o.host === undefined ? undefined : `${o.host}:${o.port ?? 6379}`;
  }

  /**
   * close closes a client made here: it lets a connection being opened open
   * (dropping it half open leaves its socket open for a while), sends QUIT,
   * and drops the connection when QUIT is not answered within a second. A
   * client given is left open.
   */
  async close(): Promise<void> {
    if (!this.owned) return;
    const client = this.client;
    const status = client.status as string;
    if (status === 'connecting' || status === 'connect') await this.ready(QUIT_WAIT_MS).catch(() => undefined);
    if ((client.status as string) !== 'ready') {
      if ((client.status as string) !== 'end') client.disconnect();
      return;
    }
    await withTimeout(client.quit().catch(() => undefined), QUIT_WAIT_MS, true);
    if ((client.status as string) !== 'end') client.disconnect();
  }
}

/**
 * withTls lays the TLS options of the configuration over those of ioredis
 * options: on the data connection's `tls` and, for Sentinel over TLS
 * (`sentinelTLS`), on the sentinels' connections too.
 */
function withTls(input: RedisOptions, tls: ConnectionOptions): RedisOptions {
  return {
    tls: { ...input.tls, ...tls },
    ...(input.sentinelTLS !== undefined && { sentinelTLS: { ...input.sentinelTLS, ...tls } }),
  };
}

/** isRedisClient tells whether `input` is an ioredis client or Cluster (or looks like one: it can make a pipeline). */
export function isRedisClient(input: unknown): input is RedisLike {
  if (input instanceof Redis || input instanceof Cluster) return true;
  return input !== null && typeof input === 'object' && typeof (input as { pipeline?: unknown }).pipeline === 'function';
}

/** isClusterSeeds tells whether `input` names the seed nodes of a Cluster. */
export function isClusterSeeds(input: unknown): input is ClusterSeeds {
  return input !== null && typeof input === 'object' && Array.isArray((input as { clusterNodes?: unknown }).clusterNodes);
}

/**
 * makeCluster makes a Cluster from seeds with the options of a profile: the
 * Cluster connects as the profile says, each node gets the rest (timeouts,
 * TLS, credentials); a `command` never retries the cluster. The Cluster
 * always queues: one that does not refuses a command for a node whose
 * connection is being opened and tries it on a random node a moment later (a
 * MOVED, a replica's read sent to its master: every first scrape of a server
 * did). A reader's commands wait for the Cluster with `ready()`, and a node
 * that cannot connect fails them (maxRetriesPerRequest, commandTimeout).
 */
function makeCluster(seeds: ClusterSeeds, options: RedisOptions): Cluster {
  if (seeds.clusterNodes.length === 0) throw new TypeError('clusterNodes needs at least one { host, port }');
  const { enableOfflineQueue: _alwaysQueued, lazyConnect, retryStrategy, ...nodeOptions } = options;
  const clusterOptions: ClusterOptions = {
    scaleReads: seeds.readFrom === 'replica' ? 'slave' : 'master',
    redisOptions: { ...nodeOptions, ...seeds.redisOptions, ...(options.tls && { tls: { ...seeds.redisOptions?.tls, ...options.tls } }) },
    ...(lazyConnect !== undefined && { lazyConnect }),
    ...(typeof retryStrategy === 'function' && { clusterRetryStrategy: (times: number) => retryStrategy(times) ?? null }),
    ...(retryStrategy === null && { clusterRetryStrategy: () => null }),
  };
  return new Cluster(seeds.clusterNodes.map((n) => ({ host: n.host, port: n.port })), clusterOptions);
}

/** profileOptions returns the ioredis options of a profile; see ConnectionProfile. */
function profileOptions(profile: ConnectionProfile, timeoutMs: number): RedisOptions {
  switch (profile) {
    case 'reader':
      return {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: Math.min(timeoutMs, 10_000),
        commandTimeout: timeoutMs,
        retryStrategy: (times: number) => Math.min(times * 200, 2000),
      };
    case 'command':
      // one pass over the sentinels, too: a command whose sentinels refuse it (or are all down) fails instead of waiting forever
      return { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null, sentinelRetryStrategy: () => null };
    default:
      return {};
  }
}
