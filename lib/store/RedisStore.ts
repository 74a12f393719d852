import { randomBytes } from 'node:crypto';
import { Command } from 'ioredis';
import { cleanerKey, foldedKey, namespaceKey, processesKey, processKey, seenKey, shardsKey, writersKey } from '../codec/field';
import { MAX_SHARDS, shardName, shardOf } from '../codec/shard';
import { opsText } from '../codec/ops';
import { interleave } from './interleave';
import { ConnectionProfile, RedisConnection, RedisInput, RedisLike } from './RedisConnection';
import { FLUSH_SCRIPT } from './flushScript';
import { FORGET_SCRIPT, HEARTBEAT_SCRIPT, SHARDS_SCRIPT, UNLOCK_SCRIPT } from './processScripts';
import type { BatchResult, ProcessData, Store, WriteBatch } from './Store';
import { ShardCountError } from '../errors/ShardCountError';
import { ShardWriteError } from '../errors/ShardWriteError';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';

/** How long Redis remembers a writer that has stopped writing, in seconds. */
const WRITER_RETENTION_SECONDS = 86_400;
const SCRIPT_NAME = 'instrumentorFlush';
const HEARTBEAT_NAME = 'instrumentorHeartbeat';
const FORGET_NAME = 'instrumentorForget';
const UNLOCK_NAME = 'instrumentorUnlock';
const SHARDS_NAME = 'instrumentorShards';
/** About how many fields one slice of the forget script handles: a few milliseconds of Redis time. */
const FIELDS_PER_SLICE = 500;
/** How long the cleaner lock is held at most, in milliseconds, should its holder die while cleaning. */
const CLEANER_LOCK_MS = 30_000;
/** The most fields one HDEL of deleteFields names, so that no single command holds Redis for long. */
const FIELDS_PER_DELETE = 1000;
/** After this many waits for an unanswered write to a shard, it is given up and the shard is written again anyway. */
const STALL_LIMIT = 5;
/** How long a write waits for a connection that is being opened, in milliseconds. */
const READY_WAIT_MS = 3000;

/**
 * RedisStore keeps namespaces in Redis: one hash per namespace, written by a
 * Lua script (one EVALSHA per batch, the batches of a flush sent back to back
 * without waiting for replies),
 * read with HSCAN (or, when small enough, HGETALL).
 *
 * A write is sent only on a ready connection. While the connection is being
 * opened it waits up to 3 seconds; while it is down or reconnecting it fails at
 * once with a RedisUnavailableError. So the client's offline queue never holds
 * writes: the registry's buffer does.
 *
 * @example
 * const store = new RedisStore('redis://127.0.0.1:6379');
 * const registry = new CollectorRegistry({ store, namespace: 'shop' });
 */
export class RedisStore implements Store {
  /** The Redis client in use. */
  readonly redis: RedisLike;
  private readonly connection: RedisConnection;
  /** The number of shards of each namespace this store writes, as claimShards found it. */
  private readonly shardCounts = new Map<string, number>();
  /** Per namespace given to claimShards: the number configured, and the claim in flight. */
  private readonly claims = new Map<string, { readonly configured?: number; pending?: Promise<number> }>();
  /** Per shard and writer (`{shard name}\n{writer id}`): the highest sequence number the shard applied, as its replies said. */
  private readonly applied = new Map<string, number>();
  /** Per shard and writer: since when a write to the shard has gone unanswered past its wait. */
  private readonly unanswered = new Map<string, { readonly since: number }>();
  /** The shards and writers whose last write failed: the next write sends them one batch first. */
  private readonly failing = new Set<string>();

  /**
   * A client given here is not closed by `close()`; one made from a URL or
   * options is, and is made with `profile` and `timeoutMs` (see
   * ConnectionProfile): a writer's connection by default.
   */
  constructor(redis: RedisInput, profile: ConnectionProfile = 'recorder', timeoutMs = 5000) {
    this.connection = new RedisConnection(redis, profile, timeoutMs);
    const client = (this.redis = this.connection.client);
    if (typeof (client as any)[SCRIPT_NAME] !== 'function') {
      client.defineCommand(SCRIPT_NAME, { numberOfKeys: 4, lua: FLUSH_SCRIPT });
      client.defineCommand(HEARTBEAT_NAME, { numberOfKeys: 1, lua: HEARTBEAT_SCRIPT });
      client.defineCommand(FORGET_NAME, { numberOfKeys: 3, lua: FORGET_SCRIPT });
      client.defineCommand(UNLOCK_NAME, { numberOfKeys: 1, lua: UNLOCK_SCRIPT });
      client.defineCommand(SHARDS_NAME, { numberOfKeys: 2, lua: SHARDS_SCRIPT });
    }
  }

  /**
   * write applies batches (see Store.write). In a namespace of K > 1 shards
   * (see claimShards), each batch is split by shard (codec/shard; a batch
   * built as K parts, see WriteBatch.ops, is sent as built) and every
   * shard's part is sent, under the batch's sequence number, to that shard's
   * keys, all shards at once: each shard applies its part at most once, and a
   * batch is acknowledged when every shard applied its part. With `waitMs`, a
   * shard that does not answer in time fails only its own parts (see
   * sendSharded).
   */
  write(namespace: string, writerId: string, batches: readonly WriteBatch[], waitMs?: number): Promise<BatchResult[]> {
    const claim = this.claims.get(namespace);
    if (claim !== undefined && !this.shardCounts.has(namespace)) {
      // the namespace's number of shards is not known yet: the writes wait for the claim, in the order they were made
      return this.held(this.claimOnce(namespace, claim).then(() => this.writeKnown(namespace, writerId, batches, waitMs)));
    }
    return this.writeKnown(namespace, writerId, batches, waitMs);
  }

  /** writeKnown is write once the namespace's number of shards is known (or left to its default, 1). */
  private writeKnown(namespace: string, writerId: string, batches: readonly WriteBatch[], waitMs?: number): Promise<BatchResult[]> {
    const claim = this.claims.get(namespace);
    const shards = this.shardCounts.get(namespace) ?? 1;
    if (claim?.configured !== undefined && claim.configured !== shards) {
      return Promise.resolve(batches.map(() => new ShardCountError(namespace, shards, claim.configured!)));
    }
    const send = () => (shards === 1 ? this.send(namespace, writerId, batches) : this.sendSharded(namespace, writerId, batches, shards, waitMs));
    // On a ready connection the batches go out before write() returns, so a flush can send each batch while it builds the next.
    if ((this.redis.status as string) === 'ready') return this.held(send());
    return this.held(this.connection.ready(READY_WAIT_MS).then(send));
  }

  /**
   * claimShards resolves to the namespace's number of shards, as stored in
   * Redis; with `configured`, it stores that number first when none is (the
   * namespace's first writer), unless the namespace hash holds data already
   * (a namespace of one shard). Later writes of this store to the namespace
   * wait for the answer (a claim that failed is made again by the next
   * write) and follow the number found; with another number configured,
   * every batch fails with a ShardCountError.
   */
  claimShards(namespace: string, configured?: number): Promise<number> {
    const claim = { configured };
    this.claims.set(namespace, claim);
    this.shardCounts.delete(namespace);
    return this.claimOnce(namespace, claim);
  }

  /** claimOnce runs the shards script for a claim, once at a time. */
  private claimOnce(namespace: string, claim: { readonly configured?: number; pending?: Promise<number> }): Promise<number> {
    return (claim.pending ??= (async () => {
      try {
        if ((this.redis.status as string) !== 'ready') await this.connection.ready(READY_WAIT_MS);
        const reply = await this.held((this.redis as any)[SHARDS_NAME](shardsKey(namespace), namespaceKey(namespace), claim.configured ?? '') as Promise<unknown>);
        const shards = checkStoredShards(namespace, reply);
        if (this.claims.get(namespace) === claim) this.shardCounts.set(namespace, shards);
        return shards;
      } finally {
        claim.pending = undefined;
      }
    })());
  }

  /** knownShards is the namespace's number of shards as the last claim found it (see Store.knownShards). */
  knownShards(namespace: string): number | undefined {
    return this.shardCounts.get(namespace);
  }

  /**
   * shards resolves to the namespace's number of shards as stored in Redis
   * (1 when none is stored), read with GET as a read-only command.
   */
  async shards(namespace: string): Promise<number> {
    return checkStoredShards(namespace, await this.held(this.redis.get(shardsKey(namespace))));
  }

  /**
   * sendSharded splits each batch by shard and sends every shard's part at
   * once (see write). A shard gets only the batches it has not applied yet;
   * one that does not answer within `waitMs` gets an Error for its parts (its
   * write stays in flight, and nothing more is sent to it until it answers or
   * STALL_LIMIT waits have passed). A batch that some shards applied and others
   * did not gets a ShardWriteError.
   */
  private sendSharded(namespace: string, writerId: string, batches: readonly WriteBatch[], shards: number, waitMs?: number): Promise<BatchResult[]> {
    const parts = batches.map((b) => (typeof b.ops !== 'string' && b.ops.length === shards ? b.ops : splitOps(opsText(b.ops), shards)));
    const names = Array.from({ length: shards }, (_, s) => shardName(namespace, s));
    const sent = names.map((name, s) => this.sendShard(name, writerId, batches, (i) => parts[i][s], waitMs));
    return Promise.all(sent).then((results) => {
      const errors = new Map<string, ShardWriteError>();
      return batches.map((_, i) => combineShards(namespace, names, results, i, errors));
    });
  }

  /** sendShard sends one shard the parts of the batches it has not applied yet and resolves to one result per batch. */
  private async sendShard(name: string, writerId: string, batches: readonly WriteBatch[], part: (i: number) => string, waitMs?: number): Promise<BatchResult[]> {
    const key = `${name}\n${writerId}`;
    const stuck = this.unanswered.get(key);
    if (stuck !== undefined) {
      if (waitMs === undefined || Date.now() - stuck.since < STALL_LIMIT * waitMs) {
        const error = new Error(`shard ${name} has not answered an earlier write yet`);
        return batches.map((b) => (b.seq <= (this.applied.get(key) ?? 0) ? [] : error));
      }
      // a client may drop a command whose connection broke without ever answering it
      this.unanswered.delete(key);
    }
    const done = this.applied.get(key) ?? 0;
    const todo: number[] = [];
    for (let i = 0; i < batches.length; i++) if (batches[i].seq > done) todo.push(i);
    if (todo.length === 0) return batches.map(() => []);
    if (this.failing.has(key) && todo.length > 1) {
      // a shard that failed last time gets its oldest batch first: the rest only when that one is applied
      const first = await this.sendShard(name, writerId, [batches[todo[0]]], () => part(todo[0]), waitMs);
      const results: BatchResult[] = batches.map(() => []);
      if (first[0] instanceof Error) {
        for (const i of todo) results[i] = first[0];
        return results;
      }
      const rest = await this.sendShard(name, writerId, todo.slice(1).map((i) => batches[i]), (j) => part(todo[j + 1]), waitMs);
      results[todo[0]] = first[0];
      todo.slice(1).forEach((i, j) => (results[i] = rest[j]));
      return results;
    }
    const write = this.send(
      name,
      writerId,
      todo.map((i) => {
        const b = batches[i];
        return { seq: b.seq, after: done > 0 ? Math.max(b.after ?? 0, done) : b.after, ops: part(i) };
      }),
    ).then((results) => {
      // what the shard applied (or had applied before) is not sent to it again
      let j = 0;
      for (; j < results.length && !(results[j] instanceof Error); j++) {
        if (batches[todo[j]].seq > (this.applied.get(key) ?? 0)) this.applied.set(key, batches[todo[j]].seq);
      }
      if (j < results.length) this.failing.add(key);
      else this.failing.delete(key);
      return results;
    });
    const answered = waitMs === undefined ? await write : await withTimeout(write, waitMs);
    const results: BatchResult[] = batches.map(() => []);
    if (answered === TIMED_OUT) {
      const entry = { since: Date.now() };
      this.unanswered.set(key, entry);
      const clear = () => {
        if (this.unanswered.get(key) === entry) this.unanswered.delete(key);
      };
      write.then(clear, clear);
      this.failing.add(key);
      const error = new Error(`shard ${name} did not answer within ${waitMs} ms`);
      for (const i of todo) results[i] = error;
      return results;
    }
    todo.forEach((i, j) => (results[i] = answered[j]));
    return results;
  }

  /** held keeps the process alive until `work` settles (see RedisConnection.hold). */
  private held<T>(work: Promise<T>): Promise<T> {
    this.connection.hold();
    const release = () => this.connection.release();
    work.then(release, release);
    return work;
  }

  private send(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    const k1 = namespaceKey(namespace);
    const k2 = writersKey(namespace);
    const k3 = seenKey(namespace);
    const k4 = processKey(namespace, writerId);
    // Every call is written to the connection at once, in order, before any reply is awaited: one round trip.
    const client = this.redis as any;
    const sent = batches.map((b) =>
      this.settle(client[SCRIPT_NAME](k1, k2, k3, k4, writerId, b.seq, WRITER_RETENTION_SECONDS, b.after ?? '', opsText(b.ops)) as Promise<unknown>),
    );
    return Promise.all(
      sent.map((p) =>
        p.then(
          (reply): BatchResult => (Array.isArray(reply) ? reply.slice(1).map(String) : []),
          (err: unknown): BatchResult => (err instanceof Error ? err : new Error(String(err))),
        ),
      ),
    );
  }

  /** deleteFields deletes fields with HDEL, at most 1000 a command (all sent at once), and resolves to how many existed. */
  async deleteFields(namespace: string, fields: readonly string[]): Promise<number> {
    const shards = this.shardCounts.get(namespace) ?? (await this.shards(namespace));
    const byShard = new Map<string, string[]>();
    for (const f of fields) {
      const key = namespaceKey(shards === 1 ? namespace : shardName(namespace, shardOf(f, shards)));
      let list = byShard.get(key);
      if (list === undefined) byShard.set(key, (list = []));
      list.push(f);
    }
    const replies: Array<Promise<number>> = [];
    for (const [key, list] of byShard) {
      for (let i = 0; i < list.length; i += FIELDS_PER_DELETE) replies.push(this.redis.hdel(key, ...list.slice(i, i + FIELDS_PER_DELETE)));
    }
    let deleted = 0;
    for (const n of await this.held(Promise.all(replies))) deleted += n;
    return deleted;
  }

  /** heartbeat runs the heartbeat script (see Store.heartbeat); it is sent at once, before the batches of the same flush. */
  async heartbeat(namespace: string, writerId: string, aliveMs: number): Promise<boolean> {
    if ((this.redis.status as string) !== 'ready') await this.connection.ready(READY_WAIT_MS);
    const reply = await (this.redis as any)[HEARTBEAT_NAME](processesKey(namespace), writerId, aliveMs);
    return Number(reply) === 1;
  }

  /** forget runs the forget script slice by slice (see Store.forget). */
  async forget(namespace: string, writerId: string, retentionMs?: number): Promise<boolean> {
    // the namespace's own keys first: the script checks the deadline and removes it, then each shard's process hash goes
    if (!(await this.forgetIn(processesKey(namespace), namespace, writerId, retentionMs ?? ''))) return false;
    const shards = this.shardCounts.get(namespace) ?? (await this.shards(namespace));
    if (shards === 1) return true;
    const names = Array.from({ length: shards }, (_, s) => shardName(namespace, s));
    await Promise.all(names.map((name) => this.forgetIn(processesKey(name), name, writerId, '')));
    return true;
  }

  /** forgetIn runs the forget script slice by slice on the process hash and folded hash of `name`, with `processes` for the deadline. */
  private async forgetIn(processes: string, name: string, writerId: string, retentionMs: number | ''): Promise<boolean> {
    const client = this.redis as any;
    const keys = [processes, processKey(name, writerId), foldedKey(name)];
    let cursor = '0';
    do {
      cursor = String(await client[FORGET_NAME](...keys, writerId, retentionMs, cursor, FIELDS_PER_SLICE));
      if (cursor === '-') return false;
    } while (cursor !== '0');
    return true;
  }

  /**
   * cleanProcesses takes the namespace's cleaner lock (SET NX PX), reads the
   * processes hash and the Redis clock, forgets every writer whose deadline
   * is `retentionMs` past, and gives the lock back (see Store.cleanProcesses).
   */
  async cleanProcesses(namespace: string, retentionMs: number): Promise<number | undefined> {
    const token = randomBytes(8).toString('hex');
    const lock = cleanerKey(namespace);
    if ((await this.redis.set(lock, token, 'PX', CLEANER_LOCK_MS, 'NX')) !== 'OK') return undefined;
    try {
      const [time, flat] = await Promise.all([this.redis.time(), this.redis.call('HGETALL', processesKey(namespace)) as Promise<string[]>]);
      const nowMs = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
      let forgotten = 0;
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const deadline = Number(flat[i + 1]);
        if (flat[i + 1] !== '' && deadline + retentionMs > nowMs) continue;
        if (await this.forget(namespace, flat[i], retentionMs)) forgotten++;
      }
      return forgotten;
    } finally {
      await (this.redis as any)[UNLOCK_NAME](lock, token);
    }
  }

  /**
   * readProcesses reads the Redis clock, the processes hash and the folded
   * hash in one round trip, then every listed writer's process hash in a
   * second one (see ProcessData).
   */
  async readProcesses(namespace: string): Promise<ProcessData> {
    const r = this.redis;
    const [time, deadlines, baseFolded, shards] = await Promise.all([
      r.time(),
      this.readHash(processesKey(namespace)),
      this.readHash(foldedKey(namespace)),
      this.shards(namespace),
    ]);
    const nowMs = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
    const writers: string[] = [];
    for (let i = 0; i < deadlines.length; i += 2) writers.push(deadlines[i]);
    // in a sharded namespace, a writer's values and the folded values are spread over the shards' hashes
    const names = shards === 1 ? [namespace] : Array.from({ length: shards }, (_, s) => shardName(namespace, s));
    const [hashes, shardFolded] = await Promise.all([
      Promise.all(writers.map((w) => Promise.all(names.map((n) => this.readHash(processKey(n, w)))))),
      shards === 1 ? [] : Promise.all(names.map((n) => this.readHash(foldedKey(n)))),
    ]);
    const processes = new Map<string, readonly string[]>();
    writers.forEach((w, i) => processes.set(w, hashes[i].length === 1 ? hashes[i][0] : hashes[i].flat()));
    const folded = shardFolded.length === 0 ? baseFolded : baseFolded.concat(...shardFolded);
    return { nowMs, deadlines, processes, folded };
  }

  /**
   * readHash reads a whole hash as a flat list of fields and values: HGETALL
   * sent by its upper-case name keeps its flat reply (ioredis turns the reply
   * of `hgetall` into an object), and marked read-only so that a Cluster with
   * scaleReads 'slave' sends it to a replica like HLEN and HSCAN.
   */
  private readHash(key: string): Promise<string[]> {
    return this.redis.sendCommand(new Command('HGETALL', [key], { replyEncoding: 'utf8', readOnly: true })) as Promise<string[]>;
  }

  async *scan(namespace: string, count: number, whole = 0): AsyncIterable<ReadonlyArray<readonly [string, string]>> {
    for await (const flat of this.scanFlat(namespace, count, whole)) {
      const chunk: Array<[string, string]> = [];
      for (let i = 0; i < flat.length; i += 2) chunk.push([flat[i], flat[i + 1]]);
      yield chunk;
    }
  }

  /**
   * scanFlat reads a namespace with HSCAN, `count` fields a call; a namespace
   * of at most `whole` fields (HLEN) is read with one HGETALL instead.
   */
  async *scanFlat(namespace: string, count: number, whole = 0): AsyncIterable<readonly string[]> {
    const key = namespaceKey(namespace);
    // the number of shards and the length of the one hash of an unsharded namespace in one round trip
    const [shards, length] = await this.held(Promise.all([this.shards(namespace), whole > 0 ? this.redis.hlen(key) : 0]));
    if (shards === 1) {
      yield* this.scanHash(key, count, whole, length);
      return;
    }
    // every shard is read at once; a shard that cannot be read fails the whole read
    const names = Array.from({ length: shards }, (_, s) => namespaceKey(shardName(namespace, s)));
    yield* interleave(names.map((k) => this.scanHash(k, count, whole)));
  }

  /**
   * scanHash reads one hash with HSCAN, `count` fields a call, or with one
   * HGETALL when it has at most `whole` fields (`length`, when known, saves
   * the HLEN).
   */
  private async *scanHash(key: string, count: number, whole: number, length?: number): AsyncIterable<readonly string[]> {
    if (whole > 0 && (length ?? (await this.held(this.redis.hlen(key)))) <= whole) {
      yield await this.held(this.readHash(key));
      return;
    }
    let cursor = '0';
    do {
      const [next, flat] = await this.held(this.redis.hscan(key, cursor, 'COUNT', count));
      yield flat;
      cursor = next;
    } while (cursor !== '0');
  }

  /**
   * interrupt reconnects a connection this store made, after a write went
   * unanswered (a hung server or a half-open connection); ioredis sends the
   * unanswered commands again on the new connection, and the flush script
   * applies each batch at most once. A client that was given is left alone.
   */
  interrupt(): void {
    if (this.connection.owned && this.redis.status === 'ready') this.redis.disconnect(true);
  }

  /** lastError is the last error of a connection made by this store since it was last ready (see Store.lastError). */
  lastError(): Error | undefined {
    return this.connection.lastFailure();
  }

  /** address is `host:port` or the socket path of the connection, when the client tells. */
  address(): string | undefined {
    return this.connection.address();
  }

  /** ready resolves when the connection can take a command; see Store.ready and RedisConnection.ready. */
  ready(waitMs: number): Promise<void> {
    return this.connection.ready(waitMs);
  }

  /** close closes the connection if this store made it (see RedisConnection.close). */
  close(): Promise<void> {
    return this.connection.close();
  }

  /**
   * settle returns the reply of a command. A client told not to resend
   * unanswered commands after a reconnect never settles them, so for such a
   * client a broken connection fails the write at once (the registry sends it
   * again; Redis applies it at most once).
   */
  private settle(result: Promise<unknown>): Promise<unknown> {
    const client = this.redis as RedisLike & { options?: { autoResendUnfulfilledCommands?: boolean } };
    if (client.options?.autoResendUnfulfilledCommands !== false) return result;
    return new Promise((resolve, reject) => {
      const onClose = () => reject(this.connection.unavailable('close'));
      client.once('close', onClose);
      result.then(resolve, reject).finally(() => client.off('close', onClose));
    });
  }
}

/**
 * splitOps splits a batch's op records (codec/ops: `{op}{field}\n{value}\n`)
 * by the shard of their field, keeping their order within each shard.
 */
function splitOps(ops: string, shards: number): string[] {
  const parts: string[] = new Array(shards).fill('');
  let pos = 0;
  while (pos < ops.length) {
    const e1 = ops.indexOf('\n', pos);
    const e2 = ops.indexOf('\n', e1 + 1);
    if (e1 < 0 || e2 < 0) break;
    const s = shardOf(ops.slice(pos + 1, e1), shards);
    parts[s] += ops.slice(pos, e2 + 1);
    pos = e2 + 1;
  }
  return parts;
}

/**
 * combineShards is the result of batch `i` from every shard's results: the
 * refused fields of all shards when each applied its part, the error when
 * none did, and a ShardWriteError naming the shards that did not when some
 * did (one for the batches of a write that failed alike: `made`).
 */
function combineShards(namespace: string, names: readonly string[], results: readonly BatchResult[][], i: number, made: Map<string, ShardWriteError>): BatchResult {
  const failedFields: string[] = [];
  const failedShards: string[] = [];
  let error: Error | undefined;
  for (let s = 0; s < results.length; s++) {
    const one = results[s][i];
    if (one instanceof Error) {
      error ??= one;
      failedShards.push(names[s]);
    } else {
      for (const f of one) failedFields.push(f);
    }
  }
  if (error === undefined) return failedFields;
  if (failedShards.length === names.length) return error;
  if (failedFields.length > 0) return new ShardWriteError(namespace, failedShards, error, failedFields);
  // the batches that failed on the same shards for the same reason share one error
  const key = failedShards.join('\n');
  let shared = made.get(key);
  if (shared === undefined || shared.cause !== error) made.set(key, (shared = new ShardWriteError(namespace, failedShards, error)));
  return shared;
}

/** checkStoredShards reads a stored number of shards (absent: 1) and throws when the shards key holds something else. */
function checkStoredShards(namespace: string, stored: unknown): number {
  if (stored === null || stored === undefined) return 1;
  const n = Number(stored);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS) {
    throw new Error(`the key ${shardsKey(namespace)} holds ${JSON.stringify(String(stored))}, not a number of shards from 1 to ${MAX_SHARDS}`);
  }
  return n;
}
