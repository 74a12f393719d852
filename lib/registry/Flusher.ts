import { FlushError } from '../errors/FlushError';
import { FlushTimeoutError } from '../errors/FlushTimeoutError';
import { IncrementError } from '../errors/IncrementError';
import { NamespaceTypeError } from '../errors/NamespaceTypeError';
import { ShardCountError } from '../errors/ShardCountError';
import { namespaceKey } from '../codec/field';
import type { BatchResult, Store, WriteBatch } from '../store/Store';
import type { Backoff } from './backoff';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';
import { BatchBuilder } from '../codec/BatchBuilder';

/** The results of the writes of a flush's new batches, once they are all sent; undefined when there was nothing to send. */
interface Sending {
  readonly results: Promise<BatchResult[]> | undefined;
}

/** After this many flush timeouts, an unanswered write is given up and the batches are sent again anyway. */
const STALL_LIMIT = 5;

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

  /** background flushes unless a retry is scheduled (then the retry sends everything when it is due). */
  background(): void {
    if (this.retryTimer === undefined && !this.closing) void this.flush();
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
      if (this.unacked.length > 0 && !(await this.attempt())) return this.failed();
      const before = this.o.beforeCollect?.();
      if (before !== undefined) await before;
      const collected = this.collect();
      const sending = (collected instanceof Promise ? await collected : collected).results;
      if (sending !== undefined && !(await this.attempt(sending))) return this.failed();
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
   * collect moves the pending updates into new batches (nothing is waiting
   * for Redis when it runs) and sends each batch as soon as it is full, so
   * that Redis applies one while the next is built: no batch waits for the
   * reply to the one before. A large drain gives the event loop back between
   * slices (see the registry's collect), and then returns a promise. Gives
   * the writes' results, or undefined results when there was nothing to send.
   */
  private collect(): Sending | Promise<Sending> {
    const { namespace, store, writerId } = this.o;
    const after = this.acked;
    const writes: Array<Promise<BatchResult[]>> = [];
    const failed = (err: unknown): BatchResult[] => [err instanceof Error ? err : new Error(String(err))];
    const builder = new BatchBuilder((batch) => {
      const b = { seq: ++this.seq, ops: batch };
      this.unacked.push(b);
      let write: Promise<BatchResult[]>;
      try {
        write = store.write(namespace, writerId, [{ ...b, after }]).catch(failed);
      } catch (err) {
        // a store that throws at once must not interrupt the drain: the batch is sent again later
        write = Promise.resolve(failed(err));
      }
      writes.push(write);
    });
    const done = (): Sending => {
      builder.batches();
      return { results: writes.length === 0 ? undefined : Promise.all(writes).then((results) => results.flat()) };
    };
    const collecting = this.o.collect(builder);
    return collecting === undefined ? done() : collecting.then(done);
  }

  /**
   * attempt writes the unacknowledged batches once (or waits for `sending`,
   * their writes already under way) and resolves to true when all were
   * acknowledged.
   */
  private async attempt(sending?: Promise<BatchResult[]>): Promise<boolean> {
    const { namespace, store } = this.o;
    if (this.stalled !== undefined) {
      if (Date.now() - this.stalledSince < STALL_LIMIT * this.o.flushTimeoutMs) {
        this.o.report(new FlushTimeoutError(namespace, this.o.flushTimeoutMs, true));
        return false;
      }
      // a client may drop a command whose connection broke without ever answering it
      this.stalled = undefined;
    }
    const after = this.acked;
    const batches = this.unacked.map((b) => ({ seq: b.seq, ops: b.ops, after }));
    const started = performance.now();
    let write: Promise<BatchResult[]>;
    let results: BatchResult[] | typeof TIMED_OUT;
    try {
      write = sending ?? store.write(namespace, this.o.writerId, batches);
      results = await withTimeout(write, this.o.flushTimeoutMs);
    } catch (err) {
      this.o.attempted((performance.now() - started) / 1000, false);
      this.o.report(new FlushError(namespace, (err as Error)?.message ?? String(err), err));
      return false;
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
      return false;
    }
    let acked = 0;
    const failedFields: string[] = [];
    let error: Error | undefined;
    for (let i = 0; i < batches.length; i++) {
      const r = results[i];
      if (r === undefined || r instanceof Error) {
        error = r ?? new Error(`no result for batch ${batches[i].seq}`);
        break;
      }
      acked++;
      for (const f of r) failedFields.push(f);
    }
    if (acked > 0) {
      this.acked = batches[acked - 1].seq;
      this.unacked = this.unacked.slice(acked);
    }
    this.o.attempted((performance.now() - started) / 1000, error === undefined);
    if (failedFields.length > 0) {
      this.o.rejected(failedFields.length);
      this.o.report(new IncrementError(namespace, failedFields));
    }
    if (error !== undefined) {
      this.o.report(
        error instanceof ShardCountError
          ? error
          : error.message.startsWith('WRONGTYPE')
            ? wrongTypeError(namespace, error)
            : new FlushError(namespace, error.message, error),
      );
      return false;
    }
    return true;
  }

  private failed(): false {
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
