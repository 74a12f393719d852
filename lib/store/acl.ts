import { checkNamespace } from '../codec/field';

/** The parts of Instrumentor that talk to Redis, each needing its own commands. */
export type AclRole = 'writer' | 'reader' | 'dump' | 'reset';

/**
 * ACL_COMMANDS lists, for each role, every Redis command it sends, so that a
 * Redis user can be given exactly these (`-@all +cmd …`). When code starts
 * sending another command, add it here: the ACL spec runs each role against
 * a real Redis user made from this list, and docs/security.md is checked
 * against it.
 *
 * - `writer`: a CollectorRegistry. EVALSHA runs the flush, heartbeat and
 *   forget scripts (EVAL when Redis does not have them cached); the scripts
 *   call TYPE, HGET, HSET, HSETNX, HINCRBY, HINCRBYFLOAT, HDEL, TIME, ZADD,
 *   ZRANGEBYSCORE, ZREM, HSCAN and DEL, which Redis checks against the same
 *   user; the shards script (once, before the first flush) GET, TYPE and SET. The cleaner of dead processes takes its lock with SET (NX PX),
 *   gives it back with a script (GET, DEL), and reads TIME and the processes
 *   hash (HGETALL).
 * - `reader`: the exposition server and `createMetricsHandler`: GET of the
 *   namespace's number of shards, TIME and HGETALL of the processes hashes,
 *   HLEN, then HGETALL or HSCAN of the namespace (of each shard); PING for
 *   `/healthz`. Nothing that writes.
 * - `dump`: `instrumentor dump`: the reader's reads and ZREVRANGE of the
 *   writers' last-seen sets.
 * - `reset`: `instrumentor reset`: GET of the number of shards, HKEYS of the
 *   processes hash, HLEN, then DEL of the namespace's keys (the processes'
 *   hashes and the shards' keys included).
 *
 * Every role has INFO, which ioredis sends to check that a new connection
 * is ready (without it, ioredis prints a warning and skips the check).
 */
export const ACL_COMMANDS: Readonly<Record<AclRole, readonly string[]>> = Object.freeze({
  writer: ['info', 'evalsha', 'eval', 'type', 'hget', 'hset', 'hsetnx', 'hincrby', 'hincrbyfloat', 'hdel', 'time', 'zadd', 'zrangebyscore', 'zrem', 'hscan', 'del', 'set', 'get', 'hgetall'],
  reader: ['info', 'ping', 'time', 'get', 'hlen', 'hgetall', 'hscan'],
  dump: ['info', 'get', 'hlen', 'hgetall', 'hscan', 'zrevrange'],
  reset: ['info', 'get', 'hkeys', 'hlen', 'del'],
});

/**
 * aclRules returns the rules of a Redis user for `role`, limited to the keys
 * of `namespaces` (every namespace when none is given): the reader's and
 * dump's keys are read-only (`%R~`). Use them after `ACL SETUSER <name> on
 * ><password>`, or in an ACL file. Throws a TypeError for an unknown role
 * or an unusable namespace name.
 *
 * @example
 * aclRules('reader', ['shop'])
 * // "resetkeys %R~instrumentor:{shop} %R~instrumentor:{shop}:* %R~instrumentor:{shop#* resetchannels -@all +info +ping +time +get +hlen +hgetall +hscan"
 */
export function aclRules(role: AclRole, namespaces: readonly string[] = []): string {
  const commands = ACL_COMMANDS[role];
  if (commands === undefined) throw new TypeError(`role must be one of ${Object.keys(ACL_COMMANDS).join(', ')}, got ${JSON.stringify(role)}`);
  for (const n of namespaces) checkNamespace(n);
  const access = role === 'reader' || role === 'dump' ? '%R~' : '~';
  const glob = (n: string) => n.replace(/[*?[\]\\]/g, '\\$&'); // a namespace is matched as it is, not as a pattern
  const keys = namespaces.length === 0
    ? [`${access}instrumentor:*`]
    : namespaces.flatMap((n) => [`${access}instrumentor:{${glob(n)}}`, `${access}instrumentor:{${glob(n)}}:*`, `${access}instrumentor:{${glob(n)}#*`]);
  return ['resetkeys', ...keys, 'resetchannels', '-@all', ...commands.map((c) => `+${c}`)].join(' ');
}
