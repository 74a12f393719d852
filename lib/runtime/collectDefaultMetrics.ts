import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import type { CollectorRegistry } from '../registry/CollectorRegistry';
import { Gauge } from '../metrics/Gauge';
import { Histogram } from '../metrics/Histogram';
import type { Metric } from '../metrics/Metric';
import { describe } from '../util/describe';

/** DefaultMetricsOptions configure collectDefaultMetrics, as prom-client's options of the same names. */
export interface DefaultMetricsOptions {
  /**
   * A prefix for every metric name.
   * @default ''
   */
  prefix?: string;
  /**
   * Labels added to every series, with their values.
   * @default {}
   */
  labels?: Readonly<Record<string, string>>;
  /**
   * The bucket bounds of `nodejs_gc_duration_seconds`, in seconds.
   * @default [0.001, 0.01, 0.1, 1, 2, 5]
   */
  gcDurationBuckets?: readonly number[];
  /**
   * The resolution of the event loop delay monitor, in milliseconds.
   * @default 10
   */
  eventLoopMonitoringPrecision?: number;
}

/** DefaultMetrics is what collectDefaultMetrics returns: the metrics it registered, and how to stop it. */
export interface DefaultMetrics {
  /** The metrics registered, by name. */
  readonly metrics: ReadonlyMap<string, Metric<any, any>>;
  /** stop ends the event loop delay monitor and the GC observer (the metrics stay registered). */
  stop(): void;
}

const LINUX = process.platform === 'linux';

/**
 * ProcessCounter is a counter of one process: a `perProcess` gauge whose
 * type is counter, for CPU seconds, which each process counts from its start
 * and which must leave with the process (see docs/processes.md).
 */
class ProcessCounter<const L extends string = never> extends Gauge<L> {
  constructor(options: ConstructorParameters<typeof Gauge<L>>[0]) {
    super({ ...options, aggregate: 'perProcess' });
    (this as { type: string }).type = 'counter';
  }
}

/**
 * collectDefaultMetrics registers prom-client's default metrics of the
 * Node.js process in `registry`, under prom-client's names, each process its
 * own series (the `perProcess` aggregation: told apart by the registry's
 * process label, gone when the process dies). The values are read before
 * each flush (the metrics' `collect`). `/proc`-based metrics
 * (`process_virtual_memory_bytes`, `process_heap_bytes`, `process_open_fds`,
 * `process_max_fds`) are left out outside Linux, as prom-client does.
 * `nodejs_gc_duration_seconds` is the one shared metric: a histogram of every
 * process's collections together (histograms add up across processes). Throws
 * a TypeError for bad options, and what `register` throws (a name taken).
 *
 * @example
 * const registry = new CollectorRegistry({ redis: 'redis://127.0.0.1:6379', namespace: 'shop' });
 * collectDefaultMetrics(registry);
 */
export function collectDefaultMetrics(registry: CollectorRegistry, options: DefaultMetricsOptions = {}): DefaultMetrics {
  if (options === null || typeof options !== 'object') throw new TypeError(`collectDefaultMetrics options must be an object, got ${describe(options)}`);
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string') throw new TypeError(`prefix must be a string, got ${describe(prefix)}`);
  const labels = { ...(options.labels ?? {}) };
  const labelNames = Object.keys(labels);
  const precision = options.eventLoopMonitoringPrecision ?? 10;
  if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1) {
    throw new RangeError(`eventLoopMonitoringPrecision must be a whole number of milliseconds >= 1, got ${describe(precision)}`);
  }
  const buckets = options.gcDurationBuckets ?? [0.001, 0.01, 0.1, 1, 2, 5];

  // the readings that several metrics share are taken once per flush (their collects run together)
  const cpu = fresh(() => process.cpuUsage());
  const memory = fresh(() => process.memoryUsage());
  const status = fresh(() => (LINUX ? readProcStatus() : ''));
  const spaces = fresh(() => getHeapSpaceStatistics());
  const metrics = new Map<string, Metric<any, any>>();
  const add = <M extends Metric<any, any>>(m: M): M => {
    metrics.set(m.name, m);
    return m;
  };
  const gauge = (name: string, description: string, collect: (g: Gauge<string>) => void | Promise<void>, extra: readonly string[] = []) =>
    add(new Gauge<string>({ name: prefix + name, description, allowedLabels: [...labelNames, ...extra], aggregate: 'perProcess', collect }));
  const counter = (name: string, description: string, collect: (g: Gauge<string>) => void) =>
    add(new ProcessCounter<string>({ name: prefix + name, description, allowedLabels: labelNames, collect }));
  const at = (extra: Record<string, string> = {}) => ({ ...labels, ...extra });

  counter('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', (g) => g.set(cpu().user / 1e6, at()));
  counter('process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.', (g) => g.set(cpu().system / 1e6, at()));
  counter('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', (g) => {
    const u = cpu();
    g.set((u.user + u.system) / 1e6, at());
  });
  const started = Math.round(Date.now() / 1000 - process.uptime());
  gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', (g) => g.set(started, at()));
  gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', (g) => g.set(statusBytes(status(), 'VmRSS') ?? memory().rss, at()));
  if (LINUX) {
    gauge('process_virtual_memory_bytes', 'Virtual memory size in bytes.', (g) => setIfKnown(g, statusBytes(status(), 'VmSize'), at()));
    gauge('process_heap_bytes', 'Process heap size in bytes.', (g) => setIfKnown(g, statusBytes(status(), 'VmData'), at()));
    gauge('process_open_fds', 'Number of open file descriptors.', (g) => setIfKnown(g, openFds(), at()));
    const maxFds = readMaxFds();
    gauge('process_max_fds', 'Maximum number of open file descriptors.', (g) => setIfKnown(g, maxFds, at()));
  }

  const delay = monitorEventLoopDelay({ resolution: precision });
  delay.enable();
  const lag = (name: string, description: string, read: () => number) =>
    gauge(name, description, (g) => {
      const v = read();
      if (Number.isFinite(v)) g.set(v, at());
    });
  gauge('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.', async (g) => {
    const start = process.hrtime.bigint();
    await new Promise((resolve) => setImmediate(resolve));
    g.set(Number(process.hrtime.bigint() - start) / 1e9, at());
  });
  lag('nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.', () => delay.min / 1e9);
  lag('nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.', () => delay.max / 1e9);
  lag('nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.', () => delay.mean / 1e9);
  lag('nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays.', () => delay.stddev / 1e9);
  lag('nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.', () => delay.percentile(50) / 1e9);
  lag('nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.', () => delay.percentile(90) / 1e9);
  // the last one read resets the monitor, so that each flush reports the delays since the one before
  lag('nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.', () => {
    const v = delay.percentile(99) / 1e9;
    delay.reset();
    return v;
  });

  const internals = process as unknown as { _getActiveHandles?: () => unknown[]; _getActiveRequests?: () => unknown[] };
  gauge('nodejs_active_handles_total', 'Total number of active handles.', (g) => setIfKnown(g, internals._getActiveHandles?.().length, at()));
  gauge('nodejs_active_requests_total', 'Total number of active requests.', (g) => setIfKnown(g, internals._getActiveRequests?.().length, at()));
  gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', (g) => g.set(memory().heapTotal, at()));
  gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', (g) => g.set(memory().heapUsed, at()));
  gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', (g) => g.set(memory().external, at()));
  const space = (kind: 'total' | 'used' | 'available', read: (s: ReturnType<typeof getHeapSpaceStatistics>[number]) => number) =>
    gauge(`nodejs_heap_space_size_${kind}_bytes`, `Process heap space size ${kind} from Node.js in bytes.`, (g) => {
      for (const s of spaces()) g.set(read(s), at({ space: s.space_name.replace(/_space$/, '') }));
    }, ['space']);
  space('total', (s) => s.space_size);
  space('used', (s) => s.space_used_size);
  space('available', (s) => s.space_available_size);
  const [major, minor, patch] = process.versions.node.split('.');
  gauge('nodejs_version_info', 'Node.js version info.', (g) => g.set(1, at({ version: process.version, major, minor, patch })), ['version', 'major', 'minor', 'patch']);

  const gc = add(new Histogram<string>({ name: prefix + 'nodejs_gc_duration_seconds', description: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.', allowedLabels: [...labelNames, 'kind'], buckets: [...buckets] }));
  const KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? -1];
      if (kind !== undefined) gc.observe(entry.duration / 1000, at({ kind }));
    }
  });
  observer.observe({ entryTypes: ['gc'] });

  for (const m of metrics.values()) registry.register(m);
  return {
    metrics,
    stop: () => {
      delay.disable();
      observer.disconnect();
    },
  };
}

function setIfKnown(g: Gauge<string>, value: number | undefined, labels: Record<string, string>): void {
  if (value !== undefined && Number.isFinite(value)) g.set(value, labels);
}

/** fresh returns `read` memoized for 100 ms: the collects of one flush share one reading. */
function fresh<T>(read: () => T): () => T {
  let at = -Infinity;
  let value: T;
  return () => {
    const now = performance.now();
    if (now - at > 100) {
      value = read();
      at = now;
    }
    return value;
  };
}

function readProcStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return '';
  }
}

/** statusBytes reads one `kB` line of the text of /proc/self/status, in bytes. */
function statusBytes(status: string, key: string): number | undefined {
  const m = new RegExp(`^${key}:\\s*(\\d+) kB`, 'm').exec(status);
  return m === null ? undefined : Number(m[1]) * 1024;
}

function openFds(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length - 1; // the directory being read is one of them
  } catch {
    return undefined;
  }
}

function readMaxFds(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}
