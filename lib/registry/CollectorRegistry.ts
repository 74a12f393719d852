import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { AlreadyRegisteredError } from '../errors/AlreadyRegisteredError';
import { FlushError } from '../errors/FlushError';
import { AnyClass, getInstrumentedMethods, InstrumentedMethodStatus } from '../instrument/metadata';
import type { Metric, MetricOwner } from '../metrics/Metric';
import { checkNamespace } from '../store/connection';
import { resolveStore, StoreOptions } from '../store/resolveStore';
import type { BatchResult, Store, WriteBatch } from '../store/Store';
import { Ops } from './Ops';

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
   * Called with every error of a background flush. Without it, errors go to
   * `'error'` listeners, or become a process warning when there are none.
   */
  onError?: (error: Error) => void;
}

/** The most writes one script call carries; a larger flush is split into several calls in one pipeline. */
const OPS_PER_CALL = 2000;

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
export class CollectorRegistry extends EventEmitter implements MetricOwner {
  /** The namespace this registry writes. */
  readonly namespace: string;
  /** True when every update is sent as it happens. */
  readonly eager: boolean;
  /** The store written to: a RedisStore made from `redis`, or the `store` given. */
  readonly backend: Store;
  /** The id under which this registry's batches are deduplicated in Redis. */
  readonly writerId: string;

  private readonly metrics = new Map<string, Metric>();
  private readonly undescribed = new Set<Metric>();
  private readonly onError: ((error: Error) => void) | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Batches sent but not yet acknowledged, oldest first. */
  private unacked: WriteBatch[] = [];
  private seq = 0;
  private running: Promise<boolean> | undefined;
  private queued: Promise<boolean> | undefined;
  private scheduled = false;
  private closed = false;
  private lastWarning = 0;

  constructor(options: CollectorRegistryOptions) {
    super();
    if (options === null || typeof options !== 'object') throw new TypeError('CollectorRegistry needs an options object');
    checkNamespace(options.namespace);
    this.namespace = options.namespace;
    this.eager = options.eager ?? false;
    this.onError = options.onError;
    const interval = options.flushIntervalMs ?? 1000;
    if (typeof interval !== 'number' || !(interval >= 0 && interval < 2 ** 31)) {
      throw new RangeError(`flushIntervalMs must be a number of milliseconds >= 0, got ${String(interval)}`);
    }
    this.backend = resolveStore(options);
    this.writerId = `${process.pid}-${randomBytes(6).toString('hex')}`;
    if (interval > 0) {
      this.timer = setInterval(() => void this.flush(), interval);
      this.timer.unref();
    }
  }

  /**
   * register adds a metric to this registry. Its description and type are
   * written with the next flush. Throws an AlreadyRegisteredError carrying the
   * existing metric when another metric has the same name, and an Error when
   * the metric belongs to another registry.
   */
  register<M extends Metric<any, any>>(metric: M): M {
    const existing = this.metrics.get(metric.name);
    if (existing === metric) return metric;
    if (existing !== undefined) throw new AlreadyRegisteredError(existing, metric);
    if (metric._owner !== undefined && metric._owner !== this) {
      throw new Error(`metric "${metric.name}" is registered in another registry; unregister it there first`);
    }
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
   * failure is reported (see `onError`) and its updates are sent again by the
   * next flush. When a flush is running, the call waits for it and then
   * flushes once more, so that every update made before the call is included.
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

  /** store is `flush`, by its name in the design of the Python original. */
  store(): Promise<boolean> {
    return this.flush();
  }

  /** transfer is `flush`, by the name used after a request or a job. */
  transfer(): Promise<boolean> {
    return this.flush();
  }

  /** @internal schedule asks for a flush on the next turn of the event loop (eager mode). */
  schedule(): void {
    if (!this.eager || this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /**
   * close stops the flush interval, flushes what is pending and waits for it,
   * at most `timeoutMs`, then closes the Redis connection if the registry made
   * it (from a URL or options). Resolves to true when everything pending reached Redis.
   */
  async close(timeoutMs = 5000): Promise<boolean> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.closed = true;
    let timeout: NodeJS.Timeout | undefined;
    const flushed = await Promise.race([
      this.flush(),
      new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timeout);
    await this.backend.close();
    return flushed;
  }

  private collect(): void {
    const ops = new Ops();
    for (const m of this.undescribed) m._describe(ops);
    this.undescribed.clear();
    for (const m of this.metrics.values()) if (m._dirty.length > 0) m._drain(ops);
    const args = ops.args;
    for (let i = 0; i < args.length; i += OPS_PER_CALL * 3) {
      this.unacked.push({ seq: ++this.seq, args: args.slice(i, i + OPS_PER_CALL * 3) });
    }
  }

  private async send(): Promise<boolean> {
    this.collect();
    const batches = this.unacked;
    if (batches.length === 0) return true;
    let results: BatchResult[];
    try {
      results = await this.backend.write(this.namespace, this.writerId, batches);
    } catch (err) {
      this.report(new FlushError(this.namespace, (err as Error).message ?? String(err), err));
      return false;
    }
    let acked = 0;
    const failedFields: string[] = [];
    let error: Error | null = null;
    for (const result of results) {
      if (result instanceof Error) {
        error = result;
        break;
      }
      acked++;
      failedFields.push(...result);
    }
    this.unacked = batches.slice(acked);
    if (failedFields.length > 0) {
      this.report(
        new FlushError(
          this.namespace,
          `Redis could not increment ${failedFields.length} field(s) that do not hold a number: ${failedFields.slice(0, 5).join(', ')}`,
          undefined,
          failedFields,
        ),
      );
    }
    if (error !== null) {
      this.report(new FlushError(this.namespace, error.message, error));
      return false;
    }
    return this.unacked.length === 0;
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
