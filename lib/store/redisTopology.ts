import type { RedisOptions } from 'ioredis';
import { ConfigError } from '../errors/ConfigError';
import type { ClusterSeeds, RedisInput } from './RedisConnection';
import { checkRedisUrl } from './redisUrl';

/** Where a scrape reads: the master, or a replica (which cannot be written to). */
export type ReadFrom = 'master' | 'replica';

/** The values `readFrom` may take. */
export const READ_FROM_VALUES: readonly ReadFrom[] = ['master', 'replica'];

/**
 * RedisTopology is a Redis deployment as a configuration names it: exactly
 * one of a standalone Redis (`redis`), a Redis Cluster (`redisCluster`, seed
 * nodes) or Sentinel (`sentinels` and `sentinelMaster`); and where scrapes
 * read (`readFrom`). A node is `host:port` or a `redis://` / `rediss://` URL;
 * the user and password of the first node given apply to every data node.
 */
export interface RedisTopology {
  /** A standalone Redis: a `redis://`, `rediss://` or `unix://` URL. */
  redis: string;
  /** A Redis Cluster: seed nodes; the others are found from them. */
  redisCluster?: readonly string[];
  /** Sentinels watching the master named by `sentinelMaster`. */
  sentinels?: readonly string[];
  /** The master name the sentinels know (`sentinel monitor <name> …`). */
  sentinelMaster?: string;
  /** The password of the sentinels themselves (their `requirepass`), not of the data nodes. @default none */
  sentinelPassword?: string;
  /** With a standalone Redis and `readFrom: 'replica'`: the replica to read (a URL). */
  redisReplica?: string;
  /** Where scrapes read. @default 'master' ('replica' when `redisReplica` is given) */
  readFrom?: ReadFrom;
}

/** A node of a list, split into host and port, with the user and password its URL had. */
interface Node {
  host: string;
  port: number;
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * parseNodes reads a list of nodes (`host:port`, `[v6]:port` or a
 * `redis://` / `rediss://` URL; the port defaults to `defaultPort`). Throws a
 * ConfigError naming `setting` when an entry is not one.
 */
export function parseNodes(list: readonly string[], setting: string, defaultPort = 6379): Node[] {
  if (list.length === 0) throw new ConfigError('configuration', setting, 'needs at least one host:port');
  return list.map((entry) => {
    const text = entry.trim();
    const url = /^rediss?:\/\//i.test(text) ? text : `redis://${text}`;
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ConfigError('configuration', setting, `${JSON.stringify(entry)} is not host:port`);
    }
    const port = u.port === '' ? defaultPort : Number(u.port);
    if (u.hostname === '' || (u.pathname !== '' && u.pathname !== '/')) throw new ConfigError('configuration', setting, `${JSON.stringify(entry)} is not host:port`);
    return {
      host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
      port,
      ...(u.username !== '' && { username: decodeURIComponent(u.username) }),
      ...(u.password !== '' && { password: decodeURIComponent(u.password) }),
      tls: u.protocol.toLowerCase() === 'rediss:',
    };
  });
}

/** splitList reads a comma-separated list of nodes (`a:1,b:2`), dropping blanks. */
export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * checkTopology checks that a topology names exactly one deployment and a
 * usable `readFrom`, and returns it with `readFrom` decided. Throws a
 * ConfigError naming the setting otherwise.
 */
export function checkTopology(t: RedisTopology): RedisTopology & { readFrom: ReadFrom } {
  const cluster = t.redisCluster !== undefined && t.redisCluster.length > 0;
  const sentinel = t.sentinels !== undefined && t.sentinels.length > 0;
  if (cluster && sentinel) throw new ConfigError('configuration', 'redisCluster', 'give either a Redis Cluster or Sentinel, not both');
  if (t.readFrom !== undefined && !READ_FROM_VALUES.includes(t.readFrom)) {
    throw new ConfigError('configuration', 'readFrom', `must be one of ${READ_FROM_VALUES.join(', ')}, got ${JSON.stringify(t.readFrom)}`);
  }
  if (sentinel && (t.sentinelMaster === undefined || t.sentinelMaster === '')) {
    throw new ConfigError('configuration', 'sentinelMaster', 'Sentinel needs the master name (--sentinel-master, INSTRUMENTOR_SENTINEL_MASTER or "sentinelMaster")');
  }
  if (!sentinel && t.sentinelMaster !== undefined) throw new ConfigError('configuration', 'sentinelMaster', 'is used only with sentinels');
  if (!sentinel && t.sentinelPassword !== undefined) throw new ConfigError('configuration', 'sentinelPassword', 'is used only with sentinels');
  if (t.redisReplica !== undefined && (cluster || sentinel)) {
    throw new ConfigError('configuration', 'redisReplica', 'is for a standalone Redis: Cluster and Sentinel find their replicas themselves');
  }
  const readFrom = t.readFrom ?? (t.redisReplica !== undefined ? 'replica' : 'master');
  if (t.redisReplica !== undefined && readFrom === 'master') throw new ConfigError('configuration', 'redisReplica', 'is read only with readFrom replica');
  if (readFrom === 'replica' && !cluster && !sentinel && t.redisReplica === undefined) {
    throw new ConfigError('configuration', 'readFrom', 'replica needs the replica of a standalone Redis (--redis-replica, INSTRUMENTOR_REDIS_REPLICA_URL or "redisReplica"), or a Cluster or Sentinel');
  }
  if (cluster) parseNodes(t.redisCluster!, 'redisCluster');
  if (sentinel) parseNodes(t.sentinels!, 'sentinels', 26379);
  return { ...t, readFrom };
}

/**
 * topologyInput turns a topology into what RedisConnection makes a client
 * from: ClusterSeeds for a Cluster (`scaleReads: 'slave'` when reading
 * replicas), ioredis Sentinel options (`role: 'slave'` when reading
 * replicas; `sentinelPassword`; TLS to the sentinels and the data nodes for
 * `rediss://` sentinels), or the URL of the standalone Redis or of its replica. Throws a
 * ConfigError when the topology is not usable (see checkTopology).
 *
 * @example
 * topologyInput({ redis: 'redis://127.0.0.1:6379', redisCluster: ['10.0.0.1:7000', '10.0.0.2:7000'], readFrom: 'replica' });
 * // { clusterNodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7000 }], readFrom: 'replica', redisOptions: {} }
 */
export function topologyInput(topology: RedisTopology): RedisInput {
  const t = checkTopology(topology);
  if (t.redisCluster !== undefined && t.redisCluster.length > 0) {
    const nodes = parseNodes(t.redisCluster, 'redisCluster');
    const seeds: ClusterSeeds = { clusterNodes: nodes.map(({ host, port }) => ({ host, port })), readFrom: t.readFrom, redisOptions: credentials(nodes[0]) };
    return seeds;
  }
  if (t.sentinels !== undefined && t.sentinels.length > 0) {
    const nodes = parseNodes(t.sentinels, 'sentinels', 26379);
    const options: RedisOptions = {
      sentinels: nodes.map(({ host, port }) => ({ host, port })),
      name: t.sentinelMaster,
      role: t.readFrom === 'replica' ? 'slave' : 'master',
      ...credentials(nodes[0]),
      ...(t.sentinelPassword !== undefined && t.sentinelPassword !== '' && { sentinelPassword: t.sentinelPassword }),
      // rediss:// sentinels: TLS to the sentinels and to the master or replica they name
      ...(nodes[0].tls && { sentinelTLS: {}, enableTLSForSentinelMode: true }),
    };
    return options;
  }
  return checkRedisUrl(t.readFrom === 'replica' ? t.redisReplica! : t.redis);
}

/** credentials are the user, password and TLS of a node's URL, as ioredis options of the data nodes. */
function credentials(node: Node): RedisOptions {
  return {
    ...(node.username !== undefined && { username: node.username }),
    ...(node.password !== undefined && { password: node.password }),
    ...(node.tls && { tls: {} }),
  };
}
