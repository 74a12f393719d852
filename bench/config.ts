import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';

/** BenchConfig holds the sizes and durations of one benchmark run. */
export interface BenchConfig {
  /** True for the short smoke run (`BENCH_QUICK=1`). */
  readonly quick: boolean;
  /** The Redis every Redis figure is measured against. */
  readonly redisUrl: string;
  /** Where results.json and chart.svg are written. */
  readonly outDir: string;
  /** True when the run also refreshes the table in docs/benchmarks.md. */
  readonly updateDocs: boolean;
  /** Minimum CPU time mitata spends on each micro benchmark sample set, in nanoseconds. */
  readonly microCpuTimeNs: number;
  /** How many times each pair of micro benchmarks is measured, alternating ours and prom-client's. */
  readonly microRounds: number;
  /** Dirty counter series per measured flush. */
  readonly flushSeries: number;
  /** Measured flushes (the median is reported). */
  readonly flushRounds: number;
  /** Requests redis-benchmark sends for its pipelined HINCRBY figure. */
  readonly redisBenchmarkRequests: number;
  /** Series of the scrape comparison (10,000). */
  readonly scrapeSeries: number;
  /** Measured scrapes per side (the median is reported). */
  readonly scrapeRounds: number;
  /** Fields of the large namespace scraped with per-command timing. */
  readonly largeFields: number;
  /** Series created for the memory figures. */
  readonly memorySeries: number;
  /** Processes of the many-process run. */
  readonly processes: number;
  /** How long each process records, in milliseconds. */
  readonly processDurationMs: number;
  /** The flush interval of each process, in milliseconds. */
  readonly flushIntervalMs: number;
}

/** loadConfig reads the run's configuration from the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const root = path.resolve(__dirname, '..');
  // only a full run writes into the docs: a quick or partial (BENCH_ONLY) run would replace the full run's figures with fewer
  const partial = quick || (env.BENCH_ONLY !== undefined && env.BENCH_ONLY !== '');
  const outDir = env.BENCH_OUT ?? (partial ? path.join(os.tmpdir(), 'instrumentor-bench') : path.join(root, 'docs', 'bench'));
  return {
    quick,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    outDir,
    updateDocs: !partial && env.BENCH_OUT === undefined,
    microCpuTimeNs: quick ? 20e6 : 300e6,
    microRounds: quick ? 1 : 3,
    flushSeries: quick ? 10_000 : 100_000,
    flushRounds: quick ? 2 : 5,
    redisBenchmarkRequests: quick ? 50_000 : 500_000,
    scrapeSeries: 10_000,
    scrapeRounds: quick ? 2 : 9,
    largeFields: quick ? 50_000 : 1_000_000,
    memorySeries: quick ? 10_000 : 100_000,
    processes: quick ? 2 : 8,
    processDurationMs: quick ? 1000 : 10_000,
    flushIntervalMs: 100,
  };
}

/** uniqueName returns a name no other run uses, for namespaces and keys in the shared Redis. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** median returns the middle value of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
