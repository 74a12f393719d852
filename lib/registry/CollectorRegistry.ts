import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { EventEmitter } from 'node:events';
import { checkNamespace, MAX_FIELD_BYTES } from '../codec/field';
import { checkShards } from '../codec/shard';
import { AlreadyRegisteredError } from '../errors/AlreadyRegisteredError';
import { BufferFullError } from '../errors/BufferFullError';
import { CardinalityLimitError } from '../errors/CardinalityLimitError';
import { FieldTooLongError } from '../errors/FieldTooLongError';
import { CloseTimeoutError } from '../errors/CloseTimeoutError';
import { NameCollisionError } from '../errors/NameCollisionError';
import { AnyClass, getInstrumentedMethods, InstrumentedMethodStatus } from '../instrument/metadata';
import type { Metric, SeriesBase } from '../metrics/Metric';
import { resolveStore, StoreOptions } from '../store/resolveStore';
import type { Store } from '../store/Store';
import { checkOptionNames, optionNames } from '../util/checkOptionNames';
import { Backoff } from './backoff';
import { deliverBeforeExit, forget } from './deliverBeforeExit';
import { Flusher } from './Flusher';
import type { BatchBuilder } from '../codec/BatchBuilder';
import { DropReason, SelfMetrics } from './selfMetrics';
import { ProcessCleaner } from '../maintenance/ProcessCleaner';
import { FlushError } from '../errors/FlushError';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';
import { CollectError } from '../errors/CollectError';

/**
 * How often every metric's description and type (and a summary's settings)
 * are written again, in milliseconds, so that a Redis that lost them (a restart
 * without persistence, a reset of the namespace) has them back within a
 * minute. Values need no such care: the next update writes them again.
 */
const REDESCRIBE_MS = 60_000;

/** The names of CollectorRegistryOptions: any other option is refused, so that a misspelt one is not ignored. */
const REGISTRY_OPTIONS = optionNames<CollectorRegistryOptions>({
  namespace: true,
  redis: true,
  store: true,
  eager: true,
  flushIntervalMs: true,
  onError: true,
  flushTimeoutMs: true,
  retryDelayMs: true,
  maxRetryDelayMs: true,
  maxBufferedSeries: true,
  maxFieldBytes: true,
  selfMetrics: true,
  processLabel: true,
  processRetentionMs: true,
  cleanupIntervalMs: true,
  shards: true,
});

/**
 * sampleNames lists the names under which a metric's samples appear in the
 * Prometheus text format and in OpenMetrics: two metrics that share one
 * would mix in the exposition.
 */
function sampleNames(metric: Metric<any, any>): string[] {
  const name = metric.name;
  switch (metric.type) {
    case 'counter': {
      const base = name.endsWith('_total') ? name.slice(0, -'_total'.length) : name;
      return [...new Set([name, base, `${base}_total`])];
    }
    case 'histogram':
      return [name, `${name}_bucket`, `${name}_sum`, `${name}_count`];
    case 'summary':
      return [name, `${name}_sum`, `${name}_count`];
    default:
      return [name];
  }
}

/** How many series a flush drains between two looks at the clock (see CollectorRegistry.collect). */
const SLICE_SERIES = 256;
/** How long a flush drains before it gives the event loop back, in milliseconds (see CollectorRegistry.collect). */
const SLICE_MS = 5;

/** DrainWork is a drain in progress: the series taken from each metric, and how far the drain got. */
interface DrainWork {
  readonly drain: number;
  readonly taken: Array<[Metric<any, any>, SeriesBase[]]>;
  /** The index in `taken` of the metric being drained. */
  metric: number;
  /** The index in its series of the next one to drain. */
  next: number;
}

/** drainSlices drains `work` a slice at a time until it is done (true) or `sliceMs` have passed (false). */
function drainSlices(writes: BatchBuilder, work: DrainWork, sliceMs: number): boolean {
  const started = performance.now();
  while (work.metric < work.taken.length) {
    const [m, dirty] = work.taken[work.metric];
    while (work.next < dirty.length) {
      const slice = work.next === 0 && dirty.length <= SLICE_SERIES ? dirty : dirty.slice(work.next, work.next + SLICE_SERIES);
      work.next += slice.length;
      for (const s of slice) s.drainedIn = work.drain;
      m._drain(writes, slice, work.drain);
      if (performance.now() - started >= sliceMs) {
        if (work.next >= dirty.length) {
          work.metric++;
          work.next = 0;
        }
        return work.metric >= work.taken.length;
      }
    }
    work.metric++;
    work.next = 0;
  }
  return true;
}

/** The number of the last drain of any registry: each drain stamps the series it drains with its own number. */
let drains = 0;

/** CollectorRegistryOptions configure a CollectorRegistry. */
export interface CollectorRegistryOptions extends StoreOptions {
  /** The namespace: the name of the application whose metrics this registry writes. */
  namespace: string;
  /**
   * Send every update as it happens instead of on the flush interval. Updates
   * made in the same tick of the event loop travel in one pipeline.
   * @default false
   */
  eager?: boolean;
  /**
   * How often pending updates are flushed, in milliseconds; 0 turns the
   * interval off (flush by calling `flush()`). The timer does not keep the
   * process alive.
   * @default 1000
   */
  flushIntervalMs?: number;
  /**
   * Called with every error of a flush or of the buffer (FlushError and its
   * subclasses, BufferFullError, CardinalityLimitError, CloseTimeoutError,
   * CollectError).
   * Without it, errors go to `'error'` listeners, or become a process warning
   * (at most one a minute) when there are none. Never throws into the app.
   */
  onError?: (error: Error) => void;
  /**
   * The longest wait for Redis to answer one write, in milliseconds. A write
   * not answered in time is treated as failed and sent again (Redis applies
   * it at most once).
   * @default 10000
   */
  flushTimeoutMs?: number;
  /**
   * The delay before the first retry after a failed flush, in milliseconds;
   * it doubles with every failure up to `maxRetryDelayMs`.
   * @default 100
   */
  retryDelayMs?: number;
  /**
   * The longest delay between retries, in milliseconds; at least `retryDelayMs`.
   * @default 10000
   */
  maxRetryDelayMs?: number;
  /**
   * The most series whose updates may wait for Redis at once. Beyond it, an
   * update that would add a waiting series is dropped, counted and reported
   * (BufferFullError, once each time the buffer fills); updates to series that
   * are waiting already keep merging.
   * @default 100000
   */
  maxBufferedSeries?: number;
  /**
   * The longest field the registry writes, in bytes of UTF-8: an update to a
   * label set whose fields would be longer is dropped, counted
   * (`field_too_long`) and reported (FieldTooLongError, once per metric).
   * Readers skip longer fields by default; raise it only with readers given
   * the same `maxFieldBytes` in their limits.
   * @default 16384
   */
  maxFieldBytes?: number;
  /**
   * Write the registry's own health into the namespace:
   * `instrumentor_flush_duration_seconds`, `instrumentor_flush_errors_total`,
   * `instrumentor_dropped_updates_total{reason}` and `instrumentor_buffered_series`.
   * @default false
   */
  selfMetrics?: boolean;
  /**
   * The label that tells the series of `'perProcess'` gauges apart: its name
   * (a metric may not declare a label of that name) and this process's value.
   * @default { name: 'process', value: '<hostname>:<pid>' }
   */
  processLabel?: { name?: string; value?: string };
  /**
   * How long after its death a process's per-process values (live gauges,
   * per-process series) stay in Redis before a cleaner deletes them, in
   * milliseconds. They leave the exposition as soon as the process is dead.
   * @default 3600000 (one hour)
   */
  processRetentionMs?: number;
  /**
   * How often this registry looks for dead processes whose retention has
   * passed and deletes their data (one cleaner at a time per namespace, in
   * slices of a few milliseconds), in milliseconds; 0: never.
   * @default 60000
   */
  cleanupIntervalMs?: number;
  /**
   * The number of shards of the namespace: K > 1 spreads its series over K
   * hashes, each under its own hash tag, so that Redis Cluster places them on
   * different masters (docs/scaling.md). The namespace's first writer stores
   * K in Redis; a registry without this option follows the stored K (1 when
   * none is), and one configured with another K reports a ShardCountError and
   * writes nothing. Has no effect with a store that has no shards (MemoryStore).
   * @default the namespace's stored number, or 1
   */
  shards?: number;
}

/** RegistryStatus is what `CollectorRegistry.status()` reports. */
export interface RegistryStatus {
  /** Series whose updates Redis has not acknowledged yet. */
  readonly bufferedSeries: number;
  /** Batches sent to Redis and not acknowledged yet. */
  readonly pendingBatches: number;
  /** Updates dropped since the registry was made, by reason. */
  readonly droppedUpdates: Readonly<Record<DropReason, number>>;
  /** Writes to Redis that were not fully acknowledged since the registry was made. */
  readonly flushErrors: number;
  /** True while a retry after a failed flush is scheduled. */
  readonly retrying: boolean;
}

/**
 * CollectorRegistry holds the metrics of one namespace and writes their
 * updates to Redis. Updates wait in memory, merged per series, until a flush
 * sends them in one pipelined round trip: on the interval, when `flush()` is
 * called, and on `close()`. A flush that fails keeps its updates and sends
 * them again, exactly once, with the next flush.
 *
 * @example
 * const registry = new CollectorRegistry({ redis: 'redis://127.0.0.1:6379', namespace: 'shop' });
 * registry.register(requests);
 * await registry.close();
 */
export class CollectorRegistry extends EventEmitter {
  /** The namespace this registry writes. */
  readonly namespace: string;
  /** True when every update is sent as it happens. */
  readonly eager: boolean;
  /**
   * @internal The Store written to: the `store` given, or a RedisStore made
   * from `redis`. Not public: an application has the store or the connection
   * it gave, and the name `store` is taken by the `store()` alias.
   */
  readonly backend: Store;
  /** The id under which this registry's batches are deduplicated in Redis. */
  readonly writerId: string;
  /** The name and this process's value of the label that tells the series of `'perProcess'` gauges apart. */
  readonly processLabel: readonly [name: string, value: string];
  /** How long after its heartbeat this process stays alive for readers, in milliseconds: 3 flush intervals plus 5 seconds. */
  readonly aliveMs: number;

  private readonly metrics = new Map<string, Metric>();
  /** The registered metrics by every sample name they expose (see sampleNames). */
  private readonly samples = new Map<string, Metric>();
  private readonly undescribed = new Set<Metric>();
  /** When every metric's description and type were last queued for writing. */
  private describedAt = Date.now();
  private readonly onError: ((error: Error) => void) | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly cleaner: ProcessCleaner | undefined;
  private readonly flusher: Flusher;
  private readonly maxBufferedSeries: number;
  /** @internal The longest field the registry writes, in bytes (see the option). */
  readonly maxFieldBytes: number;
  private readonly self: SelfMetrics | undefined;
  /**
   * Buffer accounting. A series counts once while its updates wait for Redis:
   * `sent` counts the series drained into the batches that await
   * acknowledgement (each stamped with that drain's number, `sentIn`), and
   * `queued` the series queued since, except those that are among the sent
   * ones, which `requeued` counts until the batches are acknowledged and they
   * join `queued`. A series that would make `sent + queued` exceed
   * `maxBufferedSeries` is not admitted: its update is dropped.
   */
  private sent = 0;
  private sentIn = 0;
  /** @internal How long a flush drains before it gives the event loop back, in milliseconds (Infinity: never; the benchmarks compare). */
  _sliceMs = SLICE_MS;
  private queued = 0;
  private requeued = 0;
  private readonly dropped: Record<DropReason, number> = { buffer_limit: 0, cardinality_limit: 0, not_a_number: 0, field_too_long: 0 };
  private flushErrors = 0;
  private bufferFullReported = false;
  private readonly cardinalityReported = new WeakSet<Metric<any, any>>();
  private readonly tooLongReported = new WeakSet<Metric<any, any>>();
  private scheduled = false;
  private closed = false;
  private closing: Promise<boolean> | undefined;
  private finished = false;
  private lastWarning = 0;

  constructor(options: CollectorRegistryOptions) {
    super();
    if (options === null || typeof options !== 'object') throw new TypeError('CollectorRegistry needs an options object');
    checkOptionNames('CollectorRegistry', options, REGISTRY_OPTIONS);
    checkNamespace(options.namespace);
    this.namespace = options.namespace;
    this.eager = options.eager ?? false;
    this.onError = options.onError;
    const interval = options.flushIntervalMs ?? 1000;
    if (typeof interval !== 'number' || !(interval >= 0 && interval < 2 ** 31)) {
      throw new RangeError(`flushIntervalMs must be a number of milliseconds >= 0, got ${String(interval)}`);
    }
    const flushTimeoutMs = checkMs('flushTimeoutMs', options.flushTimeoutMs ?? 10_000, 1);
    const retryDelayMs = checkMs('retryDelayMs', options.retryDelayMs ?? 100, 1);
    const maxRetryDelayMs = checkMs('maxRetryDelayMs', options.maxRetryDelayMs ?? Math.max(10_000, retryDelayMs), retryDelayMs);
    const maxBuffered = options.maxBufferedSeries ?? 100_000;
    if (typeof maxBuffered !== 'number' || !(maxBuffered >= 1) || !(Number.isInteger(maxBuffered) || maxBuffered === Infinity)) {
      throw new RangeError(`maxBufferedSeries must be a whole number >= 1 or Infinity, got ${String(maxBuffered)}`);
    }
    this.maxBufferedSeries = maxBuffered;
    const maxFieldBytes = options.maxFieldBytes ?? MAX_FIELD_BYTES;
    if (typeof maxFieldBytes !== 'number' || !Number.isInteger(maxFieldBytes) || maxFieldBytes < 256 || maxFieldBytes >= 2 ** 31) {
      throw new RangeError(`maxFieldBytes must be a whole number of bytes >= 256, got ${String(maxFieldBytes)}`);
    }
    this.maxFieldBytes = maxFieldBytes;
    this.self = options.selfMetrics === true ? new SelfMetrics() : undefined;
    this.backend = resolveStore(options);
    this.writerId = `${process.pid}-${randomBytes(6).toString('hex')}`;
    this.processLabel = checkProcessLabel(options.processLabel);
    this.aliveMs = 3 * (interval > 0 ? interval : 1000) + 5000;
    const retentionMs = checkMs('processRetentionMs', options.processRetentionMs ?? 3_600_000, 0);
    const cleanupIntervalMs = checkMs('cleanupIntervalMs', options.cleanupIntervalMs ?? 60_000, 0);
    const shards = options.shards === undefined ? undefined : checkShards(options.shards);
    this.flusher = new Flusher({
      namespace: this.namespace,
      writerId: this.writerId,
      store: this.backend,
      flushTimeoutMs,
      shards,
      backoff: new Backoff({ initialMs: retryDelayMs, maxMs: maxRetryDelayMs }),
      collect: (writes) => this.collect(writes),
      beforeCollect: () => this.runCollects(flushTimeoutMs),
      report: (error) => this.report(error),
      attempted: (seconds, ok) => {
        if (!ok) this.flushErrors++;
        if (this.self !== undefined) {
          this.self.flushDuration.observe(seconds);
          if (!ok) this.self.flushErrors.inc();
        }
      },
      rejected: (count) => this.drop('not_a_number', count),
      aliveMs: this.aliveMs,
      rejoined: () => {
        for (const m of this.metrics.values()) m._rewrite();
      },
      delivered: () => {
        this.queued += this.requeued;
        this.requeued = 0;
        this.sent = 0;
        this.sentIn = 0;
        this.bufferFullReported = false;
      },
    });
    if (interval > 0) {
      this.timer = setInterval(() => this.flusher.background(), interval);
    } else {
      // without a flush interval the heartbeat still goes out every second
      this.timer = setInterval(() => this.flusher.heartbeat(), 1000);
    }
    this.timer.unref();
    if (cleanupIntervalMs > 0 && this.backend.cleanProcesses !== undefined) {
      this.cleaner = new ProcessCleaner({
        store: this.backend,
        namespace: this.namespace,
        retentionMs,
        intervalMs: cleanupIntervalMs,
        report: (error) => this.report(new FlushError(this.namespace, `could not delete the data of dead processes: ${error.message}`, error)),
      });
    }
    deliverBeforeExit(this);
  }

  /**
   * register adds a metric to this registry. Its description and type are
   * written with the next flush. Throws an AlreadyRegisteredError carrying the
   * existing metric when another metric has the same name, and an Error when
   * the metric belongs to another registry.
   */
  register<M extends Metric<any, any>>(metric: M): M {
    const existing = this.metrics.get(metric.name) ?? this.self?.byName(metric.name);
    if (existing === metric) return metric;
    if (existing !== undefined) throw new AlreadyRegisteredError(existing, metric);
    if (metric.allowedLabels.includes(this.processLabel[0])) {
      throw new TypeError(
        `metric "${metric.name}": the label "${this.processLabel[0]}" is the process label of this registry (processLabel), so no metric may declare it`,
      );
    }
    if (metric._owner !== undefined && metric._owner !== this) {
      throw new Error(`metric "${metric.name}" is registered in another registry; unregister it there first`);
    }
    const samples = sampleNames(metric);
    for (const sample of samples) {
      const other = this.samples.get(sample);
      if (other !== undefined) throw new NameCollisionError(other, metric, sample);
    }
    for (const sample of samples) this.samples.set(sample, metric);
    this.metrics.set(metric.name, metric);
    metric._owner = this;
    this.undescribed.add(metric);
    metric._initialize();
    this.schedule();
    return metric;
  }

  /** unregister removes a metric. What it holds in Redis stays; its unflushed updates wait for the next registry it joins. */
  unregister(metric: Metric<any, any>): boolean {
    if (this.metrics.get(metric.name) !== metric) return false;
    this.metrics.delete(metric.name);
    for (const sample of sampleNames(metric)) this.samples.delete(sample);
    this.undescribed.delete(metric);
    metric._owner = undefined;
    return true;
  }

  /** getMetric returns the registered metric with this name, if any. */
  getMetric(name: string): Metric<any, any> | undefined {
    return this.metrics.get(name);
  }

  /** getMetrics lists the registered metrics, in the order registered. */
  getMetrics(): Metric<any, any>[] {
    return [...this.metrics.values()];
  }

  // ---------------------------------------------------------------------
  // Instrumented classes: registration driven by the metadata that the
  // @count, @time and @track decorators record on classes (lib/instrument).
  // ---------------------------------------------------------------------

  /** Classes given to registerInstrumented, in order. */
  private readonly instrumentedClasses = new Set<AnyClass>();

  /**
   * registerInstrumented registers every metric that the decorated methods of
   * a class, or of an instance's class, record into (methods inherited from
   * base classes included), and returns those metrics. Registering a metric
   * registered here already is a no-op. Throws, registering none of them, an
   * AlreadyRegisteredError when another metric with the same name is
   * registered here, an Error when one of them belongs to another registry,
   * and a TypeError when `target` is not a class or an object.
   *
   * @example
   * registry.registerInstrumented(OrderService); // registers ordersPlaced and placeLatency
   */
  registerInstrumented(target: AnyClass | object): Metric<any, any>[] {
    const methods = getInstrumentedMethods(target);
    const metrics = [...new Set(methods.map((m) => m.metric))];
    for (const metric of metrics) {
      const existing = this.metrics.get(metric.name);
      if (existing !== undefined && existing !== metric) throw new AlreadyRegisteredError(existing, metric);
      if (metric._owner !== undefined && metric._owner !== this) {
        throw new Error(`metric "${metric.name}" is registered in another registry; unregister it there first`);
      }
    }
    for (const metric of metrics) this.register(metric);
    this.instrumentedClasses.add((typeof target === 'function' ? target : (target as object).constructor) as AnyClass);
    return metrics;
  }

  /**
   * listInstrumented lists what is instrumented where, for the classes given
   * to registerInstrumented: per decorated method its class, name, decorator,
   * options and metric, and whether that metric is registered here (false
   * once it was unregistered).
   */
  listInstrumented(): InstrumentedMethodStatus[] {
    // A base class reached from two registered classes is listed once.
    const listed = new Set<AnyClass>();
    const out: InstrumentedMethodStatus[] = [];
    for (const cls of this.instrumentedClasses) {
      const methods = getInstrumentedMethods(cls).filter((m) => !listed.has(m.target));
      for (const m of methods) {
        listed.add(m.target);
        out.push({ ...m, registered: this.metrics.get(m.metric.name) === m.metric });
      }
    }
    return out;
  }

  // --------------------------- end of instrumented classes ---------------

  /**
   * flush sends every pending update to Redis in one pipelined round trip and
   * resolves to true when Redis acknowledged all of it. It never rejects: a
   * failure is reported (see `onError`), its updates are kept, and the flush is
   * retried with backoff until Redis acknowledges them; each batch is applied
   * at most once however often it is sent. When a flush is running, the call
   * waits for it and then flushes once more, so that every update made before
   * the call is included. After `close()` it resolves to false.
   */
  flush(): Promise<boolean> {
    if (this.finished) return Promise.resolve(false);
    return this.flusher.flush();
  }

  /**
   * store is `flush`, by the name the design document gives the flush of
   * what eager mode does not send at once. It is kept so that code written
   * from the design works.
   * @deprecated Use `flush()`: elsewhere `store` names a Store (the `store` option).
   */
  store(): Promise<boolean> {
    return this.flush();
  }

  /**
   * transfer is `flush`, by the name the design document gives the flush
   * made after each request or job (the framework integrations call it so).
   */
  transfer(): Promise<boolean> {
    return this.flush();
  }

  /** @internal schedule asks for a flush on the next turn of the event loop (eager mode); skipped while a retry is scheduled. */
  schedule(): void {
    if (!this.eager || this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flusher.background();
    });
  }

  /**
   * status reports what waits for Redis and what was lost, for health checks
   * and tests.
   */
  status(): RegistryStatus {
    return {
      bufferedSeries: this.bufferedSeries(),
      pendingBatches: this.flusher.pendingBatches,
      droppedUpdates: { ...this.dropped },
      flushErrors: this.flushErrors,
      retrying: this.flusher.retrying,
    };
  }

  /**
   * close stops the flush interval and flushes what is pending, retrying with
   * backoff for at most `timeoutMs` milliseconds, then closes the Redis
   * connection if the registry made it (from a URL or options). Resolves to
   * true when everything pending reached Redis; otherwise reports a
   * CloseTimeoutError that says what was not delivered. Never rejects;
   * calling it again returns the same promise.
   */
  close(timeoutMs = 5000): Promise<boolean> {
    return (this.closing ??= this.shutdown(timeoutMs));
  }

  private async shutdown(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.cleaner?.stop();
    this.closed = true;
    forget(this);
    let flushed = false;
    try {
      flushed = await this.flusher.close(timeoutMs);
      if (!flushed) {
        const series = this.bufferedSeries();
        this.report(new CloseTimeoutError(this.namespace, timeoutMs, series, this.flusher.pendingBatches));
      }
      // goodbye: this process's per-process values leave the exposition and Redis at once
      if (flushed && this.backend.forget !== undefined) {
        await withTimeout(this.backend.forget(this.namespace, this.writerId), Math.max(500, deadline - Date.now()), true).catch((err: unknown) =>
          this.report(new FlushError(this.namespace, `could not say goodbye: ${(err as Error)?.message ?? String(err)}`, err)),
        );
      }
    } finally {
      this.finished = true;
      await this.cleaner?.stopped();
      await this.backend.close().catch((err: unknown) => this.report(err as Error));
    }
    return flushed;
  }

  /**
   * @internal _admit is asked before a series is queued for a flush; false
   * drops the update. A series that waits in unacknowledged batches already
   * is counted once (see the buffer accounting above).
   */
  _admit(metric: Metric<any, any>, series: SeriesBase): boolean {
    if (this.sentIn !== 0 && series.drainedIn === this.sentIn) {
      this.requeued++;
      return true;
    }
    if (this._bufferFull()) {
      this._refused(metric);
      return false;
    }
    this.queued++;
    return true;
  }

  /**
   * @internal _bufferFull is asked before a metric keeps a new label set for
   * an update: while it is true, the metric does not keep the label set and
   * the update is dropped (`_refused`), as `_admit` would drop it. So memory
   * stays bounded by `maxBufferedSeries` whatever the number of label sets
   * seen while Redis is down.
   */
  _bufferFull(): boolean {
    return this.queued + this.sent >= this.maxBufferedSeries;
  }

  /** @internal _refused counts an update dropped because the buffer is full, and reports it once each time the buffer fills. */
  _refused(metric: Metric<any, any>): void {
    this.drop('buffer_limit', 1);
    if (!this.bufferFullReported) {
      this.bufferFullReported = true;
      this.report(new BufferFullError(this.namespace, this.maxBufferedSeries, metric.name));
    }
  }

  /** @internal _overflow is told of an update dropped because a metric reached its `maxSeries`. */
  _overflow(metric: Metric<any, any>, labels: Readonly<Record<string, string>>, limit: number): void {
    this.drop('cardinality_limit', 1);
    if (!this.cardinalityReported.has(metric)) {
      this.cardinalityReported.add(metric);
      this.report(new CardinalityLimitError(metric.name, limit, labels));
    }
  }

  /** @internal _tooLong is told of an update dropped because the fields of its label set would be longer than readers read. */
  _tooLong(metric: Metric<any, any>, label: string, bytes: number, limit: number): void {
    this.drop('field_too_long', 1);
    if (!this.tooLongReported.has(metric)) {
      this.tooLongReported.add(metric);
      this.report(new FieldTooLongError(metric.name, label, bytes, limit));
    }
  }

  /** bufferedSeries counts the series waiting for Redis, each once. */
  private bufferedSeries(): number {
    return this.sent + this.queued;
  }

  private drop(reason: DropReason, count: number): void {
    this.dropped[reason] += count;
    this.self?.droppedUpdates.inc(count, { reason });
  }

  /**
   * runCollects calls the collect function of every metric that has one, all
   * at once, and resolves when they are done or the flush timeout has passed;
   * undefined when no metric has one (the flush then goes on at once).
   * Failures and overruns are reported as CollectErrors, never thrown.
   */
  private runCollects(timeoutMs: number): Promise<void> | undefined {
    let pending: Array<Promise<void>> | undefined;
    for (const m of this.metrics.values()) {
      if (!m._resetAll) continue;
      m._resetAll = false;
      if (!m._perProcess && !(m as { aggregate?: string }).aggregate?.startsWith('live')) (pending ??= []).push(this.purge(m.name));
    }
    for (const m of this.metrics.values()) {
      const fn = m.collect;
      if (fn === undefined) continue;
      let result: unknown;
      try {
        result = fn.call(m, m);
      } catch (err) {
        this.report(new CollectError(m.name, err));
        continue;
      }
      if (result === undefined || typeof (result as Promise<void>)?.then !== 'function') continue;
      const done = withTimeout(Promise.resolve(result as Promise<void>), timeoutMs).then(
        (r) => {
          if (r === TIMED_OUT) this.report(new CollectError(m.name, undefined, timeoutMs));
        },
        (err: unknown) => this.report(new CollectError(m.name, err)),
      );
      (pending ??= []).push(done);
    }
    return pending === undefined ? undefined : Promise.all(pending).then(() => undefined);
  }

  /**
   * purge deletes every value field of a metric from the namespace (not its
   * description, type or summary settings), for `reset()`: one scan of the
   * namespace, outside any writer's sequence. Failures are reported.
   */
  private async purge(name: string): Promise<void> {
    const { backend, namespace } = this;
    if (backend.deleteFields === undefined) return;
    try {
      const prefix = name + ':';
      for await (const chunk of backend.scan(namespace, 1000)) {
        const fields: string[] = [];
        for (const [f] of chunk) {
          if (!f.startsWith(prefix)) continue;
          const ext = f.slice(prefix.length, f.indexOf(':', prefix.length));
          if (ext !== 'd' && ext !== 't' && ext !== 'a' && ext !== 'm' && ext !== 'q') fields.push(f);
        }
        if (fields.length > 0) await backend.deleteFields(namespace, fields);
      }
    } catch (err) {
      this.report(new FlushError(namespace, `could not reset metric "${name}": ${(err as Error)?.message ?? String(err)}`, err));
    }
  }

  /**
   * collect drains every pending update into `writes`, in slices: it takes
   * every metric's queued series at once (a snapshot), then drains them
   * SLICE_SERIES at a time and, once SLICE_MS have passed, gives the event
   * loop back (setImmediate) before the next slice, so that a flush of many
   * series never blocks the application for long. Updates made meanwhile
   * merge into the series not drained yet, or queue for the next flush.
   * Returns a promise only when it gave the event loop back.
   */
  private collect(writes: BatchBuilder): void | Promise<void> {
    const now = Date.now();
    if (now - this.describedAt >= REDESCRIBE_MS) {
      this.describedAt = now;
      for (const m of this.metrics.values()) this.undescribed.add(m);
      this.self?.redescribe();
    }
    for (const m of this.undescribed) m._describe(writes);
    this.undescribed.clear();
    const drain = ++drains;
    let series = 0;
    const work: DrainWork = { drain, taken: [], metric: 0, next: 0 };
    for (const m of this.metrics.values()) {
      if (m._removed.length > 0) m._drainRemoved(writes);
      if (m._dirty.length === 0) continue;
      const dirty = m._takeDirty();
      series += dirty.length;
      work.taken.push([m, dirty]);
    }
    // From here on, an update to a series drained already queues it again (counted in `requeued`), and one to a new series in `queued`.
    this.sent = series;
    this.sentIn = series > 0 ? drain : 0;
    this.queued = 0;
    this.requeued = 0;
    const finish = () => this.self?.drain(writes, this.closed ? 0 : series);
    const sliceMs = this._sliceMs;
    if (drainSlices(writes, work, sliceMs)) return finish();
    return (async () => {
      do await new Promise((resolve) => setImmediate(resolve));
      while (!drainSlices(writes, work, sliceMs));
      finish();
    })();
  }

  private report(error: Error): void {
    try {
      if (this.onError !== undefined) this.onError(error);
      else if (this.listenerCount('error') > 0) this.emit('error', error);
      else if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        process.emitWarning(error.message, { code: 'INSTRUMENTOR_FLUSH' });
      }
    } catch {
      // an error handler that throws must not break the flush loop
    }
  }
}

/** checkProcessLabel returns the process label's name and value, and throws a TypeError naming the option when they are not usable. */
function checkProcessLabel(option: CollectorRegistryOptions['processLabel']): readonly [string, string] {
  const name = option?.name ?? 'process';
  const value = option?.value ?? `${hostname()}:${process.pid}`;
  if (typeof name !== 'string' || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || name.startsWith('__') || name === 'le' || name === 'quantile') {
    throw new TypeError(`processLabel.name must be a label name (not le, quantile or __…), got ${JSON.stringify(name)}`);
  }
  if (typeof value !== 'string' || value === '') throw new TypeError(`processLabel.value must be a non-empty string, got ${JSON.stringify(value)}`);
  return Object.freeze([name, value] as const);
}

/** checkMs throws a RangeError naming the option unless `value` is a whole number of milliseconds >= `min`. */
function checkMs(option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value >= 2 ** 31) {
    throw new RangeError(`${option} must be a whole number of milliseconds >= ${min}, got ${String(value)}`);
  }
  return value;
}
