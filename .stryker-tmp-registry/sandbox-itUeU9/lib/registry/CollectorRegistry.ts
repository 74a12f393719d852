// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { checkNamespace } from '../codec/field';
import { AlreadyRegisteredError } from '../errors/AlreadyRegisteredError';
import { BufferFullError } from '../errors/BufferFullError';
import { CardinalityLimitError } from '../errors/CardinalityLimitError';
import { CloseTimeoutError } from '../errors/CloseTimeoutError';
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

/**
 * How often every metric's description and type (and a summary's settings)
 * are written again, in milliseconds, so that a Redis that lost them (a restart
 * without persistence, a reset of the namespace) has them back within a
 * minute. Values need no such care: the next update writes them again.
 */
const REDESCRIBE_MS = 60_000;

/** The names of CollectorRegistryOptions: any other option is refused, so that a misspelt one is not ignored. */
const REGISTRY_OPTIONS = optionNames<CollectorRegistryOptions>(stryMutAct_9fa48("0") ? {} : (stryCov_9fa48("0"), {
  namespace: stryMutAct_9fa48("1") ? false : (stryCov_9fa48("1"), true),
  redis: stryMutAct_9fa48("2") ? false : (stryCov_9fa48("2"), true),
  store: stryMutAct_9fa48("3") ? false : (stryCov_9fa48("3"), true),
  eager: stryMutAct_9fa48("4") ? false : (stryCov_9fa48("4"), true),
  flushIntervalMs: stryMutAct_9fa48("5") ? false : (stryCov_9fa48("5"), true),
  onError: stryMutAct_9fa48("6") ? false : (stryCov_9fa48("6"), true),
  flushTimeoutMs: stryMutAct_9fa48("7") ? false : (stryCov_9fa48("7"), true),
  retryDelayMs: stryMutAct_9fa48("8") ? false : (stryCov_9fa48("8"), true),
  maxRetryDelayMs: stryMutAct_9fa48("9") ? false : (stryCov_9fa48("9"), true),
  maxBufferedSeries: stryMutAct_9fa48("10") ? false : (stryCov_9fa48("10"), true),
  selfMetrics: stryMutAct_9fa48("11") ? false : (stryCov_9fa48("11"), true)
}));

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
   * subclasses, BufferFullError, CardinalityLimitError, CloseTimeoutError).
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
   * Write the registry's own health into the namespace:
   * `instrumentor_flush_duration_seconds`, `instrumentor_flush_errors_total`,
   * `instrumentor_dropped_updates_total{reason}` and `instrumentor_buffered_series`.
   * @default false
   */
  selfMetrics?: boolean;
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
  private readonly metrics = new Map<string, Metric>();
  private readonly undescribed = new Set<Metric>();
  /** When every metric's description and type were last queued for writing. */
  private describedAt = Date.now();
  private readonly onError: ((error: Error) => void) | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly flusher: Flusher;
  private readonly maxBufferedSeries: number;
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
  private queued = 0;
  private requeued = 0;
  private readonly dropped: Record<DropReason, number> = stryMutAct_9fa48("12") ? {} : (stryCov_9fa48("12"), {
    buffer_limit: 0,
    cardinality_limit: 0,
    not_a_number: 0
  });
  private flushErrors = 0;
  private bufferFullReported = stryMutAct_9fa48("13") ? true : (stryCov_9fa48("13"), false);
  private readonly cardinalityReported = new WeakSet<Metric<any, any>>();
  private scheduled = stryMutAct_9fa48("14") ? true : (stryCov_9fa48("14"), false);
  private closed = stryMutAct_9fa48("15") ? true : (stryCov_9fa48("15"), false);
  private closing: Promise<boolean> | undefined;
  private finished = stryMutAct_9fa48("16") ? true : (stryCov_9fa48("16"), false);
  private lastWarning = 0;
  constructor(options: CollectorRegistryOptions) {
    super();
    if (stryMutAct_9fa48("19") ? options === null && typeof options !== 'object' : stryMutAct_9fa48("18") ? false : stryMutAct_9fa48("17") ? true : (stryCov_9fa48("17", "18", "19"), (stryMutAct_9fa48("21") ? options !== null : stryMutAct_9fa48("20") ? false : (stryCov_9fa48("20", "21"), options === null)) || (stryMutAct_9fa48("23") ? typeof options === 'object' : stryMutAct_9fa48("22") ? false : (stryCov_9fa48("22", "23"), typeof options !== (stryMutAct_9fa48("24") ? "" : (stryCov_9fa48("24"), 'object')))))) throw new TypeError(stryMutAct_9fa48("25") ? "" : (stryCov_9fa48("25"), 'CollectorRegistry needs an options object'));
    checkOptionNames(stryMutAct_9fa48("26") ? "" : (stryCov_9fa48("26"), 'CollectorRegistry'), options, REGISTRY_OPTIONS);
    checkNamespace(options.namespace);
    this.namespace = options.namespace;
    this.eager = stryMutAct_9fa48("27") ? options.eager && false : (stryCov_9fa48("27"), options.eager ?? (stryMutAct_9fa48("28") ? true : (stryCov_9fa48("28"), false)));
    this.onError = options.onError;
    const interval = stryMutAct_9fa48("29") ? options.flushIntervalMs && 1000 : (stryCov_9fa48("29"), options.flushIntervalMs ?? 1000);
    if (stryMutAct_9fa48("32") ? typeof interval !== 'number' && !(interval >= 0 && interval < 2 ** 31) : stryMutAct_9fa48("31") ? false : stryMutAct_9fa48("30") ? true : (stryCov_9fa48("30", "31", "32"), (stryMutAct_9fa48("34") ? typeof interval === 'number' : stryMutAct_9fa48("33") ? false : (stryCov_9fa48("33", "34"), typeof interval !== (stryMutAct_9fa48("35") ? "" : (stryCov_9fa48("35"), 'number')))) || (stryMutAct_9fa48("36") ? interval >= 0 && interval < 2 ** 31 : (stryCov_9fa48("36"), !(stryMutAct_9fa48("39") ? interval >= 0 || interval < 2 ** 31 : stryMutAct_9fa48("38") ? false : stryMutAct_9fa48("37") ? true : (stryCov_9fa48("37", "38", "39"), (stryMutAct_9fa48("42") ? interval < 0 : stryMutAct_9fa48("41") ? interval > 0 : stryMutAct_9fa48("40") ? true : (stryCov_9fa48("40", "41", "42"), interval >= 0)) && (stryMutAct_9fa48("45") ? interval >= 2 ** 31 : stryMutAct_9fa48("44") ? interval <= 2 ** 31 : stryMutAct_9fa48("43") ? true : (stryCov_9fa48("43", "44", "45"), interval < 2 ** 31)))))))) {
      if (stryMutAct_9fa48("46")) {
        {}
      } else {
        stryCov_9fa48("46");
        throw new RangeError(stryMutAct_9fa48("47") ? `` : (stryCov_9fa48("47"), `flushIntervalMs must be a number of milliseconds >= 0, got ${String(interval)}`));
      }
    }
    const flushTimeoutMs = checkMs(stryMutAct_9fa48("48") ? "" : (stryCov_9fa48("48"), 'flushTimeoutMs'), stryMutAct_9fa48("49") ? options.flushTimeoutMs && 10_000 : (stryCov_9fa48("49"), options.flushTimeoutMs ?? 10_000), 1);
    const retryDelayMs = checkMs(stryMutAct_9fa48("50") ? "" : (stryCov_9fa48("50"), 'retryDelayMs'), stryMutAct_9fa48("51") ? options.retryDelayMs && 100 : (stryCov_9fa48("51"), options.retryDelayMs ?? 100), 1);
    const maxRetryDelayMs = checkMs(stryMutAct_9fa48("52") ? "" : (stryCov_9fa48("52"), 'maxRetryDelayMs'), stryMutAct_9fa48("53") ? options.maxRetryDelayMs && Math.max(10_000, retryDelayMs) : (stryCov_9fa48("53"), options.maxRetryDelayMs ?? (stryMutAct_9fa48("54") ? Math.min(10_000, retryDelayMs) : (stryCov_9fa48("54"), Math.max(10_000, retryDelayMs)))), retryDelayMs);
    const maxBuffered = stryMutAct_9fa48("55") ? options.maxBufferedSeries && 100_000 : (stryCov_9fa48("55"), options.maxBufferedSeries ?? 100_000);
    if (stryMutAct_9fa48("58") ? (typeof maxBuffered !== 'number' || !(maxBuffered >= 1)) && !(Number.isInteger(maxBuffered) || maxBuffered === Infinity) : stryMutAct_9fa48("57") ? false : stryMutAct_9fa48("56") ? true : (stryCov_9fa48("56", "57", "58"), (stryMutAct_9fa48("60") ? typeof maxBuffered !== 'number' && !(maxBuffered >= 1) : stryMutAct_9fa48("59") ? false : (stryCov_9fa48("59", "60"), (stryMutAct_9fa48("62") ? typeof maxBuffered === 'number' : stryMutAct_9fa48("61") ? false : (stryCov_9fa48("61", "62"), typeof maxBuffered !== (stryMutAct_9fa48("63") ? "" : (stryCov_9fa48("63"), 'number')))) || (stryMutAct_9fa48("64") ? maxBuffered >= 1 : (stryCov_9fa48("64"), !(stryMutAct_9fa48("68") ? maxBuffered < 1 : stryMutAct_9fa48("67") ? maxBuffered > 1 : stryMutAct_9fa48("66") ? false : stryMutAct_9fa48("65") ? true : (stryCov_9fa48("65", "66", "67", "68"), maxBuffered >= 1)))))) || (stryMutAct_9fa48("69") ? Number.isInteger(maxBuffered) || maxBuffered === Infinity : (stryCov_9fa48("69"), !(stryMutAct_9fa48("72") ? Number.isInteger(maxBuffered) && maxBuffered === Infinity : stryMutAct_9fa48("71") ? false : stryMutAct_9fa48("70") ? true : (stryCov_9fa48("70", "71", "72"), Number.isInteger(maxBuffered) || (stryMutAct_9fa48("74") ? maxBuffered !== Infinity : stryMutAct_9fa48("73") ? false : (stryCov_9fa48("73", "74"), maxBuffered === Infinity)))))))) {
      if (stryMutAct_9fa48("75")) {
        {}
      } else {
        stryCov_9fa48("75");
        throw new RangeError(stryMutAct_9fa48("76") ? `` : (stryCov_9fa48("76"), `maxBufferedSeries must be a whole number >= 1 or Infinity, got ${String(maxBuffered)}`));
      }
    }
    this.maxBufferedSeries = maxBuffered;
    this.self = (stryMutAct_9fa48("79") ? options.selfMetrics !== true : stryMutAct_9fa48("78") ? false : stryMutAct_9fa48("77") ? true : (stryCov_9fa48("77", "78", "79"), options.selfMetrics === (stryMutAct_9fa48("80") ? false : (stryCov_9fa48("80"), true)))) ? new SelfMetrics() : undefined;
    this.backend = resolveStore(options);
    this.writerId = stryMutAct_9fa48("81") ? `` : (stryCov_9fa48("81"), `${process.pid}-${randomBytes(6).toString(stryMutAct_9fa48("82") ? "" : (stryCov_9fa48("82"), 'hex'))}`);
    this.flusher = new Flusher(stryMutAct_9fa48("83") ? {} : (stryCov_9fa48("83"), {
      namespace: this.namespace,
      writerId: this.writerId,
      store: this.backend,
      flushTimeoutMs,
      backoff: new Backoff(stryMutAct_9fa48("84") ? {} : (stryCov_9fa48("84"), {
        initialMs: retryDelayMs,
        maxMs: maxRetryDelayMs
      })),
      collect: stryMutAct_9fa48("85") ? () => undefined : (stryCov_9fa48("85"), writes => this.collect(writes)),
      report: stryMutAct_9fa48("86") ? () => undefined : (stryCov_9fa48("86"), error => this.report(error)),
      attempted: (seconds, ok) => {
        if (stryMutAct_9fa48("87")) {
          {}
        } else {
          stryCov_9fa48("87");
          if (stryMutAct_9fa48("90") ? false : stryMutAct_9fa48("89") ? true : stryMutAct_9fa48("88") ? ok : (stryCov_9fa48("88", "89", "90"), !ok)) stryMutAct_9fa48("91") ? this.flushErrors-- : (stryCov_9fa48("91"), this.flushErrors++);
          if (stryMutAct_9fa48("94") ? this.self === undefined : stryMutAct_9fa48("93") ? false : stryMutAct_9fa48("92") ? true : (stryCov_9fa48("92", "93", "94"), this.self !== undefined)) {
            if (stryMutAct_9fa48("95")) {
              {}
            } else {
              stryCov_9fa48("95");
              this.self.flushDuration.observe(seconds);
              if (stryMutAct_9fa48("98") ? false : stryMutAct_9fa48("97") ? true : stryMutAct_9fa48("96") ? ok : (stryCov_9fa48("96", "97", "98"), !ok)) this.self.flushErrors.inc();
            }
          }
        }
      },
      rejected: stryMutAct_9fa48("99") ? () => undefined : (stryCov_9fa48("99"), count => this.drop(stryMutAct_9fa48("100") ? "" : (stryCov_9fa48("100"), 'not_a_number'), count)),
      delivered: () => {
        if (stryMutAct_9fa48("101")) {
          {}
        } else {
          stryCov_9fa48("101");
          stryMutAct_9fa48("102") ? this.queued -= this.requeued : (stryCov_9fa48("102"), this.queued += this.requeued);
          this.requeued = 0;
          this.sent = 0;
          this.sentIn = 0;
          this.bufferFullReported = stryMutAct_9fa48("103") ? true : (stryCov_9fa48("103"), false);
        }
      }
    }));
    if (stryMutAct_9fa48("107") ? interval <= 0 : stryMutAct_9fa48("106") ? interval >= 0 : stryMutAct_9fa48("105") ? false : stryMutAct_9fa48("104") ? true : (stryCov_9fa48("104", "105", "106", "107"), interval > 0)) {
      if (stryMutAct_9fa48("108")) {
        {}
      } else {
        stryCov_9fa48("108");
        this.timer = setInterval(stryMutAct_9fa48("109") ? () => undefined : (stryCov_9fa48("109"), () => this.flusher.background()), interval);
        this.timer.unref();
      }
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
    if (stryMutAct_9fa48("110")) {
      {}
    } else {
      stryCov_9fa48("110");
      const existing = stryMutAct_9fa48("111") ? this.metrics.get(metric.name) && this.self?.byName(metric.name) : (stryCov_9fa48("111"), this.metrics.get(metric.name) ?? (stryMutAct_9fa48("112") ? this.self.byName(metric.name) : (stryCov_9fa48("112"), this.self?.byName(metric.name))));
      if (stryMutAct_9fa48("115") ? existing !== metric : stryMutAct_9fa48("114") ? false : stryMutAct_9fa48("113") ? true : (stryCov_9fa48("113", "114", "115"), existing === metric)) return metric;
      if (stryMutAct_9fa48("118") ? existing === undefined : stryMutAct_9fa48("117") ? false : stryMutAct_9fa48("116") ? true : (stryCov_9fa48("116", "117", "118"), existing !== undefined)) throw new AlreadyRegisteredError(existing, metric);
      if (stryMutAct_9fa48("121") ? metric._owner !== undefined || metric._owner !== this : stryMutAct_9fa48("120") ? false : stryMutAct_9fa48("119") ? true : (stryCov_9fa48("119", "120", "121"), (stryMutAct_9fa48("123") ? metric._owner === undefined : stryMutAct_9fa48("122") ? true : (stryCov_9fa48("122", "123"), metric._owner !== undefined)) && (stryMutAct_9fa48("125") ? metric._owner === this : stryMutAct_9fa48("124") ? true : (stryCov_9fa48("124", "125"), metric._owner !== this)))) {
        if (stryMutAct_9fa48("126")) {
          {}
        } else {
          stryCov_9fa48("126");
          throw new Error(stryMutAct_9fa48("127") ? `` : (stryCov_9fa48("127"), `metric "${metric.name}" is registered in another registry; unregister it there first`));
        }
      }
      this.metrics.set(metric.name, metric);
      metric._owner = this;
      this.undescribed.add(metric);
      metric._initialize();
      this.schedule();
      return metric;
    }
  }

  /** unregister removes a metric. What it holds in Redis stays; its unflushed updates wait for the next registry it joins. */
  unregister(metric: Metric<any, any>): boolean {
    if (stryMutAct_9fa48("128")) {
      {}
    } else {
      stryCov_9fa48("128");
      if (stryMutAct_9fa48("131") ? this.metrics.get(metric.name) === metric : stryMutAct_9fa48("130") ? false : stryMutAct_9fa48("129") ? true : (stryCov_9fa48("129", "130", "131"), this.metrics.get(metric.name) !== metric)) return stryMutAct_9fa48("132") ? true : (stryCov_9fa48("132"), false);
      this.metrics.delete(metric.name);
      this.undescribed.delete(metric);
      metric._owner = undefined;
      return stryMutAct_9fa48("133") ? false : (stryCov_9fa48("133"), true);
    }
  }

  /** getMetric returns the registered metric with this name, if any. */
  getMetric(name: string): Metric<any, any> | undefined {
    if (stryMutAct_9fa48("134")) {
      {}
    } else {
      stryCov_9fa48("134");
      return this.metrics.get(name);
    }
  }

  /** getMetrics lists the registered metrics, in the order registered. */
  getMetrics(): Metric<any, any>[] {
    if (stryMutAct_9fa48("135")) {
      {}
    } else {
      stryCov_9fa48("135");
      return stryMutAct_9fa48("136") ? [] : (stryCov_9fa48("136"), [...this.metrics.values()]);
    }
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
    if (stryMutAct_9fa48("137")) {
      {}
    } else {
      stryCov_9fa48("137");
      const methods = getInstrumentedMethods(target);
      const metrics = stryMutAct_9fa48("138") ? [] : (stryCov_9fa48("138"), [...new Set(methods.map(stryMutAct_9fa48("139") ? () => undefined : (stryCov_9fa48("139"), m => m.metric)))]);
      for (const metric of metrics) {
        if (stryMutAct_9fa48("140")) {
          {}
        } else {
          stryCov_9fa48("140");
          const existing = this.metrics.get(metric.name);
          if (stryMutAct_9fa48("143") ? existing !== undefined || existing !== metric : stryMutAct_9fa48("142") ? false : stryMutAct_9fa48("141") ? true : (stryCov_9fa48("141", "142", "143"), (stryMutAct_9fa48("145") ? existing === undefined : stryMutAct_9fa48("144") ? true : (stryCov_9fa48("144", "145"), existing !== undefined)) && (stryMutAct_9fa48("147") ? existing === metric : stryMutAct_9fa48("146") ? true : (stryCov_9fa48("146", "147"), existing !== metric)))) throw new AlreadyRegisteredError(existing, metric);
          if (stryMutAct_9fa48("150") ? metric._owner !== undefined || metric._owner !== this : stryMutAct_9fa48("149") ? false : stryMutAct_9fa48("148") ? true : (stryCov_9fa48("148", "149", "150"), (stryMutAct_9fa48("152") ? metric._owner === undefined : stryMutAct_9fa48("151") ? true : (stryCov_9fa48("151", "152"), metric._owner !== undefined)) && (stryMutAct_9fa48("154") ? metric._owner === this : stryMutAct_9fa48("153") ? true : (stryCov_9fa48("153", "154"), metric._owner !== this)))) {
            if (stryMutAct_9fa48("155")) {
              {}
            } else {
              stryCov_9fa48("155");
              throw new Error(stryMutAct_9fa48("156") ? `` : (stryCov_9fa48("156"), `metric "${metric.name}" is registered in another registry; unregister it there first`));
            }
          }
        }
      }
      for (const metric of metrics) this.register(metric);
      this.instrumentedClasses.add((typeof target === 'function' ? target : (target as object).constructor) as AnyClass);
      return metrics;
    }
  }

  /**
   * listInstrumented lists what is instrumented where, for the classes given
   * to registerInstrumented: per decorated method its class, name, decorator,
   * options and metric, and whether that metric is registered here (false
   * once it was unregistered).
   */
  listInstrumented(): InstrumentedMethodStatus[] {
    if (stryMutAct_9fa48("157")) {
      {}
    } else {
      stryCov_9fa48("157");
      // A base class reached from two registered classes is listed once.
      const listed = new Set<AnyClass>();
      const out: InstrumentedMethodStatus[] = stryMutAct_9fa48("158") ? ["Stryker was here"] : (stryCov_9fa48("158"), []);
      for (const cls of this.instrumentedClasses) {
        if (stryMutAct_9fa48("159")) {
          {}
        } else {
          stryCov_9fa48("159");
          const methods = stryMutAct_9fa48("160") ? getInstrumentedMethods(cls) : (stryCov_9fa48("160"), getInstrumentedMethods(cls).filter(stryMutAct_9fa48("161") ? () => undefined : (stryCov_9fa48("161"), m => stryMutAct_9fa48("162") ? listed.has(m.target) : (stryCov_9fa48("162"), !listed.has(m.target)))));
          for (const m of methods) {
            if (stryMutAct_9fa48("163")) {
              {}
            } else {
              stryCov_9fa48("163");
              listed.add(m.target);
              out.push(stryMutAct_9fa48("164") ? {} : (stryCov_9fa48("164"), {
                ...m,
                registered: stryMutAct_9fa48("167") ? this.metrics.get(m.metric.name) !== m.metric : stryMutAct_9fa48("166") ? false : stryMutAct_9fa48("165") ? true : (stryCov_9fa48("165", "166", "167"), this.metrics.get(m.metric.name) === m.metric)
              }));
            }
          }
        }
      }
      return out;
    }
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
    if (stryMutAct_9fa48("168")) {
      {}
    } else {
      stryCov_9fa48("168");
      if (stryMutAct_9fa48("170") ? false : stryMutAct_9fa48("169") ? true : (stryCov_9fa48("169", "170"), this.finished)) return Promise.resolve(stryMutAct_9fa48("171") ? true : (stryCov_9fa48("171"), false));
      return this.flusher.flush();
    }
  }

  /**
   * store is `flush`, by the name the design document gives the flush of
   * what eager mode does not send at once. It is kept so that code written
   * from the design works.
   * @deprecated Use `flush()`: elsewhere `store` names a Store (the `store` option).
   */
  store(): Promise<boolean> {
    if (stryMutAct_9fa48("172")) {
      {}
    } else {
      stryCov_9fa48("172");
      return this.flush();
    }
  }

  /**
   * transfer is `flush`, by the name the design document gives the flush
   * made after each request or job (the framework integrations call it so).
   */
  transfer(): Promise<boolean> {
    if (stryMutAct_9fa48("173")) {
      {}
    } else {
      stryCov_9fa48("173");
      return this.flush();
    }
  }

  /** @internal schedule asks for a flush on the next turn of the event loop (eager mode); skipped while a retry is scheduled. */
  schedule(): void {
    if (stryMutAct_9fa48("174")) {
      {}
    } else {
      stryCov_9fa48("174");
      if (stryMutAct_9fa48("177") ? (!this.eager || this.scheduled) && this.closed : stryMutAct_9fa48("176") ? false : stryMutAct_9fa48("175") ? true : (stryCov_9fa48("175", "176", "177"), (stryMutAct_9fa48("179") ? !this.eager && this.scheduled : stryMutAct_9fa48("178") ? false : (stryCov_9fa48("178", "179"), (stryMutAct_9fa48("180") ? this.eager : (stryCov_9fa48("180"), !this.eager)) || this.scheduled)) || this.closed)) return;
      this.scheduled = stryMutAct_9fa48("181") ? false : (stryCov_9fa48("181"), true);
      setImmediate(() => {
        if (stryMutAct_9fa48("182")) {
          {}
        } else {
          stryCov_9fa48("182");
          this.scheduled = stryMutAct_9fa48("183") ? true : (stryCov_9fa48("183"), false);
          this.flusher.background();
        }
      });
    }
  }

  /**
   * status reports what waits for Redis and what was lost, for health checks
   * and tests.
   */
  status(): RegistryStatus {
    if (stryMutAct_9fa48("184")) {
      {}
    } else {
      stryCov_9fa48("184");
      return stryMutAct_9fa48("185") ? {} : (stryCov_9fa48("185"), {
        bufferedSeries: this.bufferedSeries(),
        pendingBatches: this.flusher.pendingBatches,
        droppedUpdates: stryMutAct_9fa48("186") ? {} : (stryCov_9fa48("186"), {
          ...this.dropped
        }),
        flushErrors: this.flushErrors,
        retrying: this.flusher.retrying
      });
    }
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
    if (stryMutAct_9fa48("187")) {
      {}
    } else {
      stryCov_9fa48("187");
      return stryMutAct_9fa48("188") ? this.closing &&= this.shutdown(timeoutMs) : (stryCov_9fa48("188"), this.closing ??= this.shutdown(timeoutMs));
    }
  }
  private async shutdown(timeoutMs: number): Promise<boolean> {
    if (stryMutAct_9fa48("189")) {
      {}
    } else {
      stryCov_9fa48("189");
      if (stryMutAct_9fa48("192") ? this.timer === undefined : stryMutAct_9fa48("191") ? false : stryMutAct_9fa48("190") ? true : (stryCov_9fa48("190", "191", "192"), this.timer !== undefined)) clearInterval(this.timer);
      this.closed = stryMutAct_9fa48("193") ? false : (stryCov_9fa48("193"), true);
      forget(this);
      let flushed = stryMutAct_9fa48("194") ? true : (stryCov_9fa48("194"), false);
      try {
        if (stryMutAct_9fa48("195")) {
          {}
        } else {
          stryCov_9fa48("195");
          flushed = await this.flusher.close(timeoutMs);
          if (stryMutAct_9fa48("198") ? false : stryMutAct_9fa48("197") ? true : stryMutAct_9fa48("196") ? flushed : (stryCov_9fa48("196", "197", "198"), !flushed)) {
            if (stryMutAct_9fa48("199")) {
              {}
            } else {
              stryCov_9fa48("199");
              const series = this.bufferedSeries();
              this.report(new CloseTimeoutError(this.namespace, timeoutMs, series, this.flusher.pendingBatches));
            }
          }
        }
      } finally {
        if (stryMutAct_9fa48("200")) {
          {}
        } else {
          stryCov_9fa48("200");
          this.finished = stryMutAct_9fa48("201") ? false : (stryCov_9fa48("201"), true);
          await this.backend.close().catch(stryMutAct_9fa48("202") ? () => undefined : (stryCov_9fa48("202"), (err: unknown) => this.report(err as Error)));
        }
      }
      return flushed;
    }
  }

  /**
   * @internal _admit is asked before a series is queued for a flush; false
   * drops the update. A series that waits in unacknowledged batches already
   * is counted once (see the buffer accounting above).
   */
  _admit(metric: Metric<any, any>, series: SeriesBase): boolean {
    if (stryMutAct_9fa48("203")) {
      {}
    } else {
      stryCov_9fa48("203");
      if (stryMutAct_9fa48("206") ? this.sentIn !== 0 || series.drainedIn === this.sentIn : stryMutAct_9fa48("205") ? false : stryMutAct_9fa48("204") ? true : (stryCov_9fa48("204", "205", "206"), (stryMutAct_9fa48("208") ? this.sentIn === 0 : stryMutAct_9fa48("207") ? true : (stryCov_9fa48("207", "208"), this.sentIn !== 0)) && (stryMutAct_9fa48("210") ? series.drainedIn !== this.sentIn : stryMutAct_9fa48("209") ? true : (stryCov_9fa48("209", "210"), series.drainedIn === this.sentIn)))) {
        if (stryMutAct_9fa48("211")) {
          {}
        } else {
          stryCov_9fa48("211");
          stryMutAct_9fa48("212") ? this.requeued-- : (stryCov_9fa48("212"), this.requeued++);
          return stryMutAct_9fa48("213") ? false : (stryCov_9fa48("213"), true);
        }
      }
      if (stryMutAct_9fa48("215") ? false : stryMutAct_9fa48("214") ? true : (stryCov_9fa48("214", "215"), this._bufferFull())) {
        if (stryMutAct_9fa48("216")) {
          {}
        } else {
          stryCov_9fa48("216");
          this._refused(metric);
          return stryMutAct_9fa48("217") ? true : (stryCov_9fa48("217"), false);
        }
      }
      stryMutAct_9fa48("218") ? this.queued-- : (stryCov_9fa48("218"), this.queued++);
      return stryMutAct_9fa48("219") ? false : (stryCov_9fa48("219"), true);
    }
  }

  /**
   * @internal _bufferFull is asked before a metric keeps a new label set for
   * an update: while it is true, the metric does not keep the label set and
   * the update is dropped (`_refused`), as `_admit` would drop it. So memory
   * stays bounded by `maxBufferedSeries` whatever the number of label sets
   * seen while Redis is down.
   */
  _bufferFull(): boolean {
    if (stryMutAct_9fa48("220")) {
      {}
    } else {
      stryCov_9fa48("220");
      return stryMutAct_9fa48("224") ? this.queued + this.sent < this.maxBufferedSeries : stryMutAct_9fa48("223") ? this.queued + this.sent > this.maxBufferedSeries : stryMutAct_9fa48("222") ? false : stryMutAct_9fa48("221") ? true : (stryCov_9fa48("221", "222", "223", "224"), (stryMutAct_9fa48("225") ? this.queued - this.sent : (stryCov_9fa48("225"), this.queued + this.sent)) >= this.maxBufferedSeries);
    }
  }

  /** @internal _refused counts an update dropped because the buffer is full, and reports it once each time the buffer fills. */
  _refused(metric: Metric<any, any>): void {
    if (stryMutAct_9fa48("226")) {
      {}
    } else {
      stryCov_9fa48("226");
      this.drop(stryMutAct_9fa48("227") ? "" : (stryCov_9fa48("227"), 'buffer_limit'), 1);
      if (stryMutAct_9fa48("230") ? false : stryMutAct_9fa48("229") ? true : stryMutAct_9fa48("228") ? this.bufferFullReported : (stryCov_9fa48("228", "229", "230"), !this.bufferFullReported)) {
        if (stryMutAct_9fa48("231")) {
          {}
        } else {
          stryCov_9fa48("231");
          this.bufferFullReported = stryMutAct_9fa48("232") ? false : (stryCov_9fa48("232"), true);
          this.report(new BufferFullError(this.namespace, this.maxBufferedSeries, metric.name));
        }
      }
    }
  }

  /** @internal _overflow is told of an update dropped because a metric reached its `maxSeries`. */
  _overflow(metric: Metric<any, any>, labels: Readonly<Record<string, string>>, limit: number): void {
    if (stryMutAct_9fa48("233")) {
      {}
    } else {
      stryCov_9fa48("233");
      this.drop(stryMutAct_9fa48("234") ? "" : (stryCov_9fa48("234"), 'cardinality_limit'), 1);
      if (stryMutAct_9fa48("237") ? false : stryMutAct_9fa48("236") ? true : stryMutAct_9fa48("235") ? this.cardinalityReported.has(metric) : (stryCov_9fa48("235", "236", "237"), !this.cardinalityReported.has(metric))) {
        if (stryMutAct_9fa48("238")) {
          {}
        } else {
          stryCov_9fa48("238");
          this.cardinalityReported.add(metric);
          this.report(new CardinalityLimitError(metric.name, limit, labels));
        }
      }
    }
  }

  /** bufferedSeries counts the series waiting for Redis, each once. */
  private bufferedSeries(): number {
    if (stryMutAct_9fa48("239")) {
      {}
    } else {
      stryCov_9fa48("239");
      return stryMutAct_9fa48("240") ? this.sent - this.queued : (stryCov_9fa48("240"), this.sent + this.queued);
    }
  }
  private drop(reason: DropReason, count: number): void {
    if (stryMutAct_9fa48("241")) {
      {}
    } else {
      stryCov_9fa48("241");
      stryMutAct_9fa48("242") ? this.dropped[reason] -= count : (stryCov_9fa48("242"), this.dropped[reason] += count);
      stryMutAct_9fa48("243") ? this.self.droppedUpdates.inc(count, {
        reason
      }) : (stryCov_9fa48("243"), this.self?.droppedUpdates.inc(count, stryMutAct_9fa48("244") ? {} : (stryCov_9fa48("244"), {
        reason
      })));
    }
  }
  private collect(writes: BatchBuilder): void {
    if (stryMutAct_9fa48("245")) {
      {}
    } else {
      stryCov_9fa48("245");
      const now = Date.now();
      if (stryMutAct_9fa48("249") ? now - this.describedAt < REDESCRIBE_MS : stryMutAct_9fa48("248") ? now - this.describedAt > REDESCRIBE_MS : stryMutAct_9fa48("247") ? false : stryMutAct_9fa48("246") ? true : (stryCov_9fa48("246", "247", "248", "249"), (stryMutAct_9fa48("250") ? now + this.describedAt : (stryCov_9fa48("250"), now - this.describedAt)) >= REDESCRIBE_MS)) {
        if (stryMutAct_9fa48("251")) {
          {}
        } else {
          stryCov_9fa48("251");
          this.describedAt = now;
          for (const m of this.metrics.values()) this.undescribed.add(m);
          stryMutAct_9fa48("252") ? this.self.redescribe() : (stryCov_9fa48("252"), this.self?.redescribe());
        }
      }
      for (const m of this.undescribed) m._describe(writes);
      this.undescribed.clear();
      const drain = stryMutAct_9fa48("253") ? --drains : (stryCov_9fa48("253"), ++drains);
      let series = 0;
      for (const m of this.metrics.values()) {
        if (stryMutAct_9fa48("254")) {
          {}
        } else {
          stryCov_9fa48("254");
          const dirty = m._dirty;
          if (stryMutAct_9fa48("257") ? dirty.length !== 0 : stryMutAct_9fa48("256") ? false : stryMutAct_9fa48("255") ? true : (stryCov_9fa48("255", "256", "257"), dirty.length === 0)) continue;
          stryMutAct_9fa48("258") ? series -= dirty.length : (stryCov_9fa48("258"), series += dirty.length);
          for (const s of dirty) s.drainedIn = drain;
          m._drain(writes);
        }
      }
      this.sent = series;
      this.sentIn = (stryMutAct_9fa48("262") ? series <= 0 : stryMutAct_9fa48("261") ? series >= 0 : stryMutAct_9fa48("260") ? false : stryMutAct_9fa48("259") ? true : (stryCov_9fa48("259", "260", "261", "262"), series > 0)) ? drain : 0;
      this.queued = 0;
      this.requeued = 0;
      stryMutAct_9fa48("263") ? this.self.drain(writes, this.closed ? 0 : series) : (stryCov_9fa48("263"), this.self?.drain(writes, this.closed ? 0 : series));
    }
  }
  private report(error: Error): void {
    if (stryMutAct_9fa48("264")) {
      {}
    } else {
      stryCov_9fa48("264");
      try {
        if (stryMutAct_9fa48("265")) {
          {}
        } else {
          stryCov_9fa48("265");
          if (stryMutAct_9fa48("268") ? this.onError === undefined : stryMutAct_9fa48("267") ? false : stryMutAct_9fa48("266") ? true : (stryCov_9fa48("266", "267", "268"), this.onError !== undefined)) this.onError(error);else if (stryMutAct_9fa48("272") ? this.listenerCount('error') <= 0 : stryMutAct_9fa48("271") ? this.listenerCount('error') >= 0 : stryMutAct_9fa48("270") ? false : stryMutAct_9fa48("269") ? true : (stryCov_9fa48("269", "270", "271", "272"), this.listenerCount(stryMutAct_9fa48("273") ? "" : (stryCov_9fa48("273"), 'error')) > 0)) this.emit(stryMutAct_9fa48("274") ? "" : (stryCov_9fa48("274"), 'error'), error);else if (stryMutAct_9fa48("278") ? Date.now() - this.lastWarning <= 60_000 : stryMutAct_9fa48("277") ? Date.now() - this.lastWarning >= 60_000 : stryMutAct_9fa48("276") ? false : stryMutAct_9fa48("275") ? true : (stryCov_9fa48("275", "276", "277", "278"), (stryMutAct_9fa48("279") ? Date.now() + this.lastWarning : (stryCov_9fa48("279"), Date.now() - this.lastWarning)) > 60_000)) {
            if (stryMutAct_9fa48("280")) {
              {}
            } else {
              stryCov_9fa48("280");
              this.lastWarning = Date.now();
              process.emitWarning(error.message, stryMutAct_9fa48("281") ? {} : (stryCov_9fa48("281"), {
                code: stryMutAct_9fa48("282") ? "" : (stryCov_9fa48("282"), 'INSTRUMENTOR_FLUSH')
              }));
            }
          }
        }
      } catch {
        // an error handler that throws must not break the flush loop
      }
    }
  }
}

/** checkMs throws a RangeError naming the option unless `value` is a whole number of milliseconds >= `min`. */
function checkMs(option: string, value: unknown, min: number): number {
  if (stryMutAct_9fa48("283")) {
    {}
  } else {
    stryCov_9fa48("283");
    if (stryMutAct_9fa48("286") ? (typeof value !== 'number' || !Number.isInteger(value) || value < min) && value >= 2 ** 31 : stryMutAct_9fa48("285") ? false : stryMutAct_9fa48("284") ? true : (stryCov_9fa48("284", "285", "286"), (stryMutAct_9fa48("288") ? (typeof value !== 'number' || !Number.isInteger(value)) && value < min : stryMutAct_9fa48("287") ? false : (stryCov_9fa48("287", "288"), (stryMutAct_9fa48("290") ? typeof value !== 'number' && !Number.isInteger(value) : stryMutAct_9fa48("289") ? false : (stryCov_9fa48("289", "290"), (stryMutAct_9fa48("292") ? typeof value === 'number' : stryMutAct_9fa48("291") ? false : (stryCov_9fa48("291", "292"), typeof value !== (stryMutAct_9fa48("293") ? "" : (stryCov_9fa48("293"), 'number')))) || (stryMutAct_9fa48("294") ? Number.isInteger(value) : (stryCov_9fa48("294"), !Number.isInteger(value))))) || (stryMutAct_9fa48("297") ? value >= min : stryMutAct_9fa48("296") ? value <= min : stryMutAct_9fa48("295") ? false : (stryCov_9fa48("295", "296", "297"), value < min)))) || (stryMutAct_9fa48("300") ? value < 2 ** 31 : stryMutAct_9fa48("299") ? value > 2 ** 31 : stryMutAct_9fa48("298") ? false : (stryCov_9fa48("298", "299", "300"), value >= 2 ** 31)))) {
      if (stryMutAct_9fa48("301")) {
        {}
      } else {
        stryCov_9fa48("301");
        throw new RangeError(stryMutAct_9fa48("302") ? `` : (stryCov_9fa48("302"), `${option} must be a whole number of milliseconds >= ${min}, got ${String(value)}`));
      }
    }
    return value;
  }
}