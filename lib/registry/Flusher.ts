import { FlushError } from '../errors/FlushError';
import { FlushTimeoutError } from '../errors/FlushTimeoutError';
import { IncrementError } from '../errors/IncrementError';
import { NamespaceTypeError } from '../errors/NamespaceTypeError';
import { ShardWriteError } from '../errors/ShardWriteError';
import { namespaceKey } from '../codec/field';
import type { BatchResult, Store, WriteBatch } from '../store/Store';
import type { Backoff } from './backoff';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';
import { BatchBuilder } from '../codec/BatchBuilder';
import { opsLength } from '../codec/ops';

/** The new batches of a flush and the results of their writes, once they are all sent; undefined results when there was nothing to send. */
interface Sending {
  readonly batches: readonly WriteBatch[];
  readonly results: Promise<BatchResult[]> | undefined;
}

/**
 * What an attempt to write batches came to: all acknowledged; not all, but
 * every batch that failed was applied by some shards of a sharded namespace
 * (ShardWriteError); or failed.
 */
type Outcome = 'acked' | 'partial' | 'failed';

/** After this many flush timeouts, an unanswered write is given up and the batches are sent again anyway. */
const STALL_LIMIT = 5;
/**
 * While some shards of a sharded namespace are not applying batches, new
 * batches keep going to the others until this many are unacknowledged (or
 * MAX_HELD_BYTES of them); then updates merge in the metrics again, as they
 * do during an outage of the whole store.
 */
const MAX_HELD_BATCHES = 1024;
const MAX_HELD_BYTES = 16 * 1024 * 1024;

/** What a Flusher needs from the registry it works for. */
export interface FlusherOptions {
  readonly namespace: string;
  readonly writerId: string;
  readonly store: Store;
  /** The longest wait for an answer to one write, in milliseconds. */
  readonly flushTimeoutMs: number;
  readonly backoff: Backoff;
  /** collect moves every pending update into `writes`; it may take several turns of the event loop (a promise). */
  collect(writes: BatchBuilder): void | Promise<void>;
  /** beforeCollect, when it returns a promise, is awaited before new batches are built (the metrics' collect functions). */
  beforeCollect?(): Promise<void> | undefined;
  /** report hands an error to the application; it must not throw. */
  report(error: Error): void;
  /** attempted is told how long each write took, in seconds, and whether Redis acknowledged all of it. */
  attempted(seconds: number, ok: boolean): void;
  /** rejected is told how many increments Redis could not apply (fields that hold no number). */
  rejected(count: number): void;
  /** delivered is called when nothing is waiting for Redis any more. */
  delivered(): void;
  /**
   * How long the writer stays alive for readers after a heartbeat, in
   * milliseconds; with a store that has heartbeats, every flush sends one
   * first, in the same round trip as its batches.
   */
  readonly aliveMs?: number;
  /**
   * The number of shards the registry was configured with; undefined: follow
   * what the store keeps for the namespace. The flusher tells the store
   * before its first write (claimShards); a different number kept there
   * fails every write with a ShardCountError.
   */
  readonly shards?: number;
  /** rejoined is told when a heartbeat found the writer unknown or dead: its per-process values must be written again. */
  rejoined?(): void;
}

/**
 * Flusher moves a registry's updates to its store, exactly once. Updates are
 * collected into numbered batches only when every earlier batch was
 * acknowledged; until then they keep merging in the metrics, so memory grows
 * with the number of series and not with the number of updates or failures.
 * Unacknowledged batches are sent again, unchanged and in order, and the store
 * applies each at most once. After a failure it retries with backoff; flushes
 * of the interval and of eager mode are skipped until the retry is due.
 */
export class Flusher {
  /** Batches sent but not yet acknowledged, oldest first. */
  private unacked: WriteBatch[] = [];
  private seq = 0;
  /** The highest sequence number Redis acknowledged. */
  private acked = 0;
  private running: Promise<boolean> | undefined;
  private queued: Promise<boolean> | undefined;
  /** A write that timed out and has not been answered yet; nothing is sent until it is. */
  private stalled: Promise<void> | undefined;
  private stalledSince = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  /** True while the only failures are shards that did not apply their part (see Outcome): flushes go on for the other shards. */
  private partial = false;
  private closing = false;
  /** True once the store was told the configured number of shards. */
  private claimed = false;

  constructor(private readonly o: FlusherOptions) {}

  /** pendingBatches is the number of batches sent but not acknowledged. */
  get pendingBatches(): number {
    return this.unacked.length;
  }

  /** retrying is true while a retry after a failure is scheduled. */
  get retrying(): boolean {
    return this.retryTimer !== undefined;
  }

  /**
   * flush sends what is pending now; it never rejects. A call made while a
   * flush runs waits for it and then flushes once more, so that every update
   * made before the call is included.
   */
  flush(): Promise<boolean> {
    if (this.running === undefined) {
      this.running = this.send().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    return (this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.flush();
    }));
  }

  /**
   * background flushes unless a retry is scheduled (then the retry sends
   * everything when it is due); while only some shards fail, it flushes
   * anyway, for the others.
   */
  background(): void {
    if ((this.retryTimer === undefined || this.partial) && !this.closing) void this.flush();
  }

  /**
   * close stops retrying in the background and flushes, retrying with backoff,
   * until everything is acknowledged or `timeoutMs` have passed. Resolves to
   * true when everything was acknowledged.
   */
  async close(timeoutMs: number): Promise<boolean> {
    this.closing = true;
    this.cancelRetry();
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const ok = await withTimeout(this.flush(), deadline - Date.now(), true);
      if (ok === true) return true;
      const left = deadline - Date.now();
      if (ok === TIMED_OUT || left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, this.o.backoff.next())));
    }
  }

  /**
   * heartbeat sends the writer's heartbeat (before anything else of the
   * flush, so that its batches find it alive) and, when the store says the
   * writer was not alive, tells the registry. A failed heartbeat is left to
   * the flush's own report: it fails for the same reason.
   */
  heartbeat(): void {
    const { store, namespace, writerId, aliveMs } = this.o;
    if (store.heartbeat === undefined || aliveMs === undefined) return;
    try {
      store.heartbeat(namespace, writerId, aliveMs).then(
        (alive) => {
          if (!alive) this.o.rejoined?.();
        },
        () => undefined,
      );
    } catch {
      // a store that throws at once is reported by the flush
    }
  }

  private async send(): Promise<boolean> {
    this.heartbeat();
    this.claim();
    try {
      if (this.unacked.length > 0) {
        const outcome = await this.attempt(this.unacked.slice());
        if (outcome === 'failed' || (outcome === 'partial' && this.holdsTooMuch())) return this.failed();
      }
      const before = this.o.beforeCollect?.();
      if (before !== undefined) await before;
      const collected = this.collect();
      const sending = collected instanceof Promise ? await collected : collected;
      if (sending.results !== undefined && (await this.attempt(sending.batches, sending.results)) === 'failed') return this.failed();
      if (this.unacked.length > 0) return this.failed(true);
      this.succeeded();
      return true;
    } catch (err) {
      this.o.report(new FlushError(this.o.namespace, (err as Error)?.message ?? String(err), err));
      return this.failed();
    }
  }

  /**
   * claim tells the store, once, the number of shards this writer was
   * configured with (see Store.claimShards); the store's writes wait for its
   * answer, and fail with a ShardCountError when the namespace has another.
   */
  private claim(): void {
    if (this.claimed) return;
    this.claimed = true;
    try {
      this.o.store.claimShards?.(this.o.namespace, this.o.shards).catch(() => undefined);
    } catch {
      // the writes report what went wrong
    }
  }

  /**
   * holdsTooMuch tells whether the unacknowledged batches reached the limits
   * (MAX_HELD_BATCHES, MAX_HELD_BYTES) past which no new batch is made.
   */
  private holdsTooMuch(): boolean {
    if (this.unacked.length >= MAX_HELD_BATCHES) return true;
    let bytes = 0;
    for (const b of this.unacked) bytes += opsLength(b.ops);
    return bytes >= MAX_HELD_BYTES;
  }

  /**
   * collect moves the pending updates into new batches (nothing is waiting
   * for Redis when it runs, or only shards that failed: see Outcome) and
   * sends each batch as soon as it is full, so
   * that Redis applies one while the next is built: no batch waits for the
   * reply to the one before. A large drain gives the event loop back between
   * slices (see the registry's collect), and then returns a promise. Gives
   * the writes' results, or undefined results when there was nothing to send.
   */
  private collect(): Sending | Promise<Sending> {
    const { namespace, store, writerId } = this.o;
    const after = this.acked;
    const waitMs = this.shardWaitMs();
    const batches: WriteBatch[] = [];
    const writes: Array<Promise<BatchResult[]>> = [];
    const failed = (err: unknown): BatchResult[] => [err instanceof Error ? err : new Error(String(err))];
    const builder = new BatchBuilder(
      (batch) => {
        const b: WriteBatch = { seq: ++this.seq, ops: batch };
        this.unacked.push(b);
        batches.push(b);
        let write: Promise<BatchResult[]>;
        try {
          write = store.write(namespace, writerId, [{ ...b, after }], waitMs).catch(failed);
        } catch (err) {
          // a store that throws at once must not interrupt the drain: the batch is sent again later
          write = Promise.resolve(failed(err));
        }
        writes.push(write);
      },
      undefined,
      store.knownShards?.(namespace),
    );
    const done = (): Sending => {
      builder.batches();
      return { batches, results: writes.length === 0 ? undefined : Promise.all(writes).then((results) => results.flat()) };
    };
    const collecting = this.o.collect(builder);
    return collecting === undefined ? done() : collecting.then(done);
  }

  /**
   * shardWaitMs is how long a store that writes several shards waits for one
   * of them before it fails that shard's parts: a little less than
   * flushTimeoutMs, so that the other shards' answers arrive before the
   * flush's own limit.
   */
  private shardWaitMs(): number {
    return Math.max(1, Math.floor(this.o.flushTimeoutMs * 0.9));
  }

  /**
   * attempt writes `sent` (unacknowledged batches, oldest first) once, or
   * waits for `sending`, their writes already under way, and tells what came
   * of it (see Outcome). Batches are acknowledged in order: a batch that
   * failed holds back the ones after it.
   */
  private async attempt(sent: readonly WriteBatch[], sending?: Promise<BatchResult[]>): Promise<Outcome> {
    const { namespace, store } = this.o;
    if (this.stalled !== undefined) {
      if (Date.now() - this.stalledSince < STALL_LIMIT * this.o.flushTimeoutMs) {
        this.o.report(new FlushTimeoutError(namespace, this.o.flushTimeoutMs, true));
        return 'failed';
      }
      // a client may drop a command whose connection broke without ever answering it
      this.stalled = undefined;
    }
    const after = this.acked;
    const batches = sent.map((b) => ({ seq: b.seq, ops: b.ops, after }));
    const started = performance.now();
    let write: Promise<BatchResult[]>;
    let results: BatchResult[] | typeof TIMED_OUT;
    try {
      write = sending ?? store.write(namespace, this.o.writerId, batches, this.shardWaitMs());
      results = await withTimeout(write, this.o.flushTimeoutMs);
    } catch (err) {
      this.o.attempted((performance.now() - started) / 1000, false);
      this.o.report(new FlushError(namespace, (err as Error)?.message ?? String(err), err));
      return 'failed';
    }
    if (results === TIMED_OUT) {
      this.o.attempted((performance.now() - started) / 1000, false);
      const stalled = write.then(
        () => undefined,
        () => undefined,
      );
      this.stalled = stalled;
      this.stalledSince = Date.now();
      void stalled.then(() => {
        if (this.stalled === stalled) this.stalled = undefined;
      });
      try {
        store.interrupt?.();
      } catch {
        // a store that cannot interrupt simply waits for the answer
      }
      this.o.report(new FlushTimeoutError(namespace, this.o.flushTimeoutMs));
      return 'failed';
    }
    const failedFields: string[] = [];
    let error: Error | undefined;
    let partial = true;
    for (let i = 0; i < batches.length; i++) {
      const r = results[i];
      if (r === undefined || r instanceof Error) {
        if (r instanceof ShardWriteError) {
          // the shards that applied their part will not report its refused fields again
          for (const f of r.failedFields) failedFields.push(f);
        } else {
          partial = false;
          if (error === undefined || error instanceof ShardWriteError) error = r ?? new Error(`no result for batch ${batches[i].seq}`);
          break;
        }
        error ??= r;
        continue;
      }
      if (error === undefined && batches[i].seq === this.unacked[0]?.seq) {
        this.acked = batches[i].seq;
        this.unacked.shift();
      }
      for (const f of r) failedFields.push(f);
    }
    this.o.attempted((performance.now() - started) / 1000, error === undefined);
    if (failedFields.length > 0) {
      this.o.rejected(failedFields.length);
      this.o.report(new IncrementError(namespace, failedFields));
    }
    if (error === undefined) return 'acked';
    this.o.report(
      error instanceof FlushError
        ? error
        : error.message.startsWith('WRONGTYPE')
          ? wrongTypeError(namespace, error)
          : new FlushError(namespace, error.message, error),
    );
    return partial ? 'partial' : 'failed';
  }

  /**
   * failed schedules a retry with backoff. With `partial` (only some shards
   * failed), flushes of the interval and of eager mode go on meanwhile, for
   * the shards that work.
   */
  private failed(partial = false): false {
    this.partial = partial;
    if (!this.closing) {
      this.cancelRetry();
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.flush();
      }, this.o.backoff.next());
      this.retryTimer.unref();
    }
    return false;
  }

  private succeeded(): void {
    this.partial = false;
    this.cancelRetry();
    this.o.backoff.reset();
    this.o.delivered();
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

/**
 * wrongTypeError names the key the flush script refused: the namespace hash,
 * or its writers hash or seen sorted set, as the script's WRONGTYPE reply says.
 */
function wrongTypeError(namespace: string, error: Error): NamespaceTypeError {
  const m = /^WRONGTYPE the (namespace|writers|seen) key (\S+) holds/.exec(error.message);
  if (m === null) return new NamespaceTypeError(namespace, namespaceKey(namespace), error);
  return new NamespaceTypeError(namespace, m[2], error, m[1] === 'seen' ? 'sorted set' : 'hash');
}
