import { namespaceKey, seenKey, writersKey } from '../codec/field';
import { RedisUnavailableError } from '../errors/RedisUnavailableError';
import { connect, RedisInput, RedisLike } from './connection';
import { FLUSH_SCRIPT } from './flushScript';
import type { BatchResult, Store, WriteBatch } from './Store';

/** How long Redis remembers a writer that has stopped writing, in seconds. */
const WRITER_RETENTION_SECONDS = 86_400;
const SCRIPT_NAME = 'instrumentorFlush';
/** How long a write waits for a connection that is being opened, in milliseconds. */
const READY_WAIT_MS = 3000;
/** How long close() waits for QUIT before it drops the connection, in milliseconds. */
const QUIT_WAIT_MS = 1000;

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
  private readonly owned: boolean;
  /** The wait for a connection being opened, shared by the writes that arrive meanwhile. */
  private opening: Promise<void> | undefined;
  /** The last error of a connection this store made, until it is ready again: the cause of RedisUnavailableErrors. */
  private lastError: Error | undefined;

  /** A client given here is not closed by `close()`; one made from a URL or options is. */
  constructor(redis: RedisInput) {
    const { client, owned } = connect(redis);
    this.redis = client;
    this.owned = owned;
    if (typeof (client as any)[SCRIPT_NAME] !== 'function') {
      client.defineCommand(SCRIPT_NAME, { numberOfKeys: 3, lua: FLUSH_SCRIPT });
    }
    if (owned) {
      // surfaced through the results of writes and reads
      client.on('error', (err: Error) => (this.lastError = err));
      client.on('ready', () => (this.lastError = undefined));
    }
  }

  write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    // On a ready connection the batches go out before write() returns, so a flush can send each batch while it builds the next.
    if ((this.redis.status as string) === 'ready') return this.send(namespace, writerId, batches);
    return this.ready().then(() => this.send(namespace, writerId, batches));
  }

  private send(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    const k1 = namespaceKey(namespace);
    const k2 = writersKey(namespace);
    const k3 = seenKey(namespace);
    // Every call is written to the connection at once, in order, before any reply is awaited: one round trip.
    const client = this.redis as any;
    const sent = batches.map((b) =>
      this.settle(client[SCRIPT_NAME](k1, k2, k3, writerId, b.seq, WRITER_RETENTION_SECONDS, b.after ?? '', b.ops) as Promise<unknown>),
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
    if (whole > 0 && (await this.redis.hlen(key)) <= whole) {
      // Called by its upper-case name, HGETALL keeps its flat reply: ioredis turns the reply of `hgetall` into an object.
      yield (await this.redis.call('HGETALL', key)) as string[];
      return;
    }
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(key, cursor, 'COUNT', count);
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
    if (this.owned && this.redis.status === 'ready') this.redis.disconnect(true);
  }

  async close(): Promise<void> {
    if (!this.owned) return;
    const client = this.redis;
    const status = client.status as string;
    if (status === 'connecting' || status === 'connect') {
      // dropping a connection half opened leaves its socket open for a while: let it open, then quit
      await this.ready(QUIT_WAIT_MS).catch(() => undefined);
    }
    if ((client.status as string) !== 'ready') {
      if ((client.status as string) !== 'end') client.disconnect();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, QUIT_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    if ((client.status as string) !== 'end') client.disconnect();
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
      const onClose = () => reject(new RedisUnavailableError('close'));
      client.once('close', onClose);
      result.then(resolve, reject).finally(() => client.off('close', onClose));
    });
  }

  /** ready resolves when the connection can take a write, and rejects with a RedisUnavailableError when it cannot soon. */
  private ready(waitMs = READY_WAIT_MS): Promise<void> {
    const client = this.redis as RedisLike & { status: string };
    const status = client.status;
    if (status === 'ready') return Promise.resolve();
    if (status !== 'wait' && status !== 'connecting' && status !== 'connect') {
      return Promise.reject(new RedisUnavailableError(status, this.lastError));
    }
    if (status === 'wait') client.connect().catch(() => undefined);
    // the writes of one flush share one wait
    if (this.opening !== undefined && waitMs === READY_WAIT_MS) return this.opening;
    const opening = new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('close', onClose);
        client.off('end', onClose);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onReady = () => done();
      const onClose = () => done(new RedisUnavailableError(client.status, this.lastError));
      const timer = setTimeout(() => done(new RedisUnavailableError(client.status, this.lastError)), waitMs);
      client.on('ready', onReady);
      client.on('close', onClose);
      client.on('end', onClose);
    });
    if (waitMs !== READY_WAIT_MS) return opening;
    this.opening = opening;
    const clear = () => {
      if (this.opening === opening) this.opening = undefined;
    };
    opening.then(clear, clear);
    return opening;
  }
}
