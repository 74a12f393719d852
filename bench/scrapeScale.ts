import { fork } from 'node:child_process';
import * as path from 'node:path';
import Redis from 'ioredis';
import { CollectorRegistry, Histogram, Summary } from '../lib';
import { namespaceKey, seenKey, writersKey } from '../lib/codec/field';
import { BenchConfig, median, uniqueName } from './config';
import type { Row } from './results';
import { HISTOGRAM_BUCKETS, SCALE_FAMILIES, seriesLabels, seriesOf } from './scrapeSeries';

interface Timed {
  ms: number;
  cpuMs: number;
  bytes: number;
}

/** What one side reports: its first scrape and the ones after it. */
interface SideReport {
  first: Timed;
  more: Timed[];
}

/** One point of the chart: a namespace size and each side's cost per field, in microseconds. */
export interface ScalePoint {
  readonly fields: number;
  readonly oursUs: number;
  readonly oursFirstUs: number;
  readonly promClientUs: number;
}

/** side runs one side of a scrape in a fresh process (see scrapeScaleWorker) and resolves to its report. */
function side(env: Record<string, string>, config: BenchConfig): Promise<SideReport> {
  const child = fork(path.join(__dirname, 'scrapeScaleWorker.ts'), [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
    env: { ...process.env, BENCH_REDIS_URL: config.redisUrl, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<SideReport>((resolve, reject) => {
    let report: SideReport | undefined;
    child.on('message', (m) => (report = m as SideReport));
    child.once('exit', (code) => (report !== undefined ? resolve(report) : reject(new Error(`a scrape process exited with ${code} before reporting`))));
  });
}

/** fillCounters writes `series` counter series into the namespace hash as a writer would, with pipelined HSETs. */
export async function fillCounters(redis: Redis, key: string, series: number): Promise<void> {
  const perCommand = 1000;
  let pipeline = redis.pipeline();
  let args: string[] = [];
  for (let f = 0; f < SCALE_FAMILIES; f++) {
    const { name } = seriesOf('counter', f);
    args.push(`${name}:t:`, 'c', `${name}:d:`, `Family ${f}`);
  }
  for (let n = 0; n < series; n++) {
    const l = seriesLabels(n);
    args.push(`${seriesOf('counter', n).name}::method="${l.method}",route="${l.route}",status="${l.status}"`, String(n + 1));
    if (args.length >= 2 * perCommand) {
      pipeline.hset(key, ...args);
      args = [];
      if (pipeline.length >= 50) {
        await pipeline.exec();
        pipeline = redis.pipeline();
      }
    }
  }
  if (args.length > 0) pipeline.hset(key, ...args);
  await pipeline.exec();
}

/** fillSketches records `series` histogram or summary series through a registry (eight observations each, as the prom-client side) and flushes them. */
async function fillSketches(redis: Redis, namespace: string, kind: 'histogram' | 'summary', series: number): Promise<void> {
  const registry = new CollectorRegistry({ redis, namespace, flushIntervalMs: 0 });
  try {
    const allowedLabels = ['method', 'route', 'status'] as const;
    const metrics = Array.from({ length: SCALE_FAMILIES }, (_, f) => {
      const common = { name: seriesOf(kind, f).name, description: `Family ${f}`, allowedLabels };
      return registry.register(kind === 'histogram' ? new Histogram({ ...common, buckets: [...HISTOGRAM_BUCKETS] }) : new Summary({ ...common, quantiles: [0.5, 0.9, 0.99] }));
    });
    for (let n = 0; n < series; n++) {
      const metric = metrics[n % SCALE_FAMILIES];
      for (let k = 0; k < 8; k++) metric.observe(seriesLabels(n), ((n + k) % 100) / 40);
    }
    if (!(await registry.flush())) throw new Error(`could not write the ${kind} namespace`);
  } finally {
    await registry.close();
  }
}

/**
 * compare fills a namespace with `series` series of `kind`, scrapes it in a
 * fresh process (the first scrape, then `rounds` more), and renders the same
 * series with prom-client in another fresh process. The namespace is unlinked
 * at the end, also when the run fails or is interrupted.
 */
export async function compare(config: BenchConfig, redis: Redis, kind: 'counter' | 'histogram' | 'summary', series: number, rounds: number) {
  const namespace = uniqueName(`bench-scale-${kind}`);
  const key = namespaceKey(namespace);
  const onSignal = (signal: NodeJS.Signals) => {
    void redis.unlink(key).finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (kind === 'counter') await fillCounters(redis, key, series);
    else await fillSketches(redis, namespace, kind, series);
    const fields = await redis.hlen(key);
    const rest = { BENCH_ROUNDS: String(rounds), BENCH_KIND: kind, BENCH_SERIES: String(series) };
    const ours = await side({ BENCH_SIDE: 'ours', BENCH_NAMESPACE: namespace, ...rest }, config);
    const ref = await side({ BENCH_SIDE: 'prom', ...rest }, config);
    return { kind, series, fields, ours, promClient: ref, oursMs: median(ours.more.map((t) => t.ms)), promClientMs: median(ref.more.map((t) => t.ms)) };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await redis.unlink(key, writersKey(namespace), seenKey(namespace)).catch(() => undefined);
  }
}

const us = (ms: number, n: number) => (ms * 1000) / n;

/**
 * runScrapeScale measures the cost of a scrape against the size of the
 * namespace (10,000, 100,000 and 1,000,000 counter series; 1,000 and 5,000
 * in quick mode), each side in a process of its own, and a namespace of
 * 10,000 (quick: 500) histogram and summary series next to prom-client.
 */
export async function runScrapeScale(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const redis = new Redis(config.redisUrl);
  try {
    const sizes = config.quick ? [1_000, 5_000] : [10_000, 100_000, 1_000_000];
    const sketches = config.quick ? 500 : 10_000;
    const runs = [];
    for (const size of sizes) runs.push(await compare(config, redis, 'counter', size, size >= 1_000_000 ? 3 : config.scrapeRounds));
    const histogram = await compare(config, redis, 'histogram', sketches, config.scrapeRounds);
    const summary = await compare(config, redis, 'summary', sketches, config.scrapeRounds);
    const points: ScalePoint[] = runs.map((r) => ({
      fields: r.fields,
      oursUs: us(r.oursMs, r.fields),
      oursFirstUs: us(r.ours.first.ms, r.fields),
      promClientUs: us(r.promClientMs, r.series),
    }));
    const small = runs[0];
    const large = runs[runs.length - 1];
    const middle = runs.find((r) => r.series === 100_000) ?? large;
    const fmtUs = (x: number) => x.toFixed(2);
    const rows: Row[] = [
      {
        id: 'scrape_linear', title: `scrape cost per field at ${large.fields.toLocaleString('en-US')} fields, against ${small.fields.toLocaleString('en-US')}`, unit: 'µs',
        ours: points[points.length - 1].oursUs, referenceName: `ours at ${small.fields.toLocaleString('en-US')} fields`, reference: points[0].oursUs,
        target: { op: '<=', ratio: 1.5 },
        note: `each scrape in a process of its own that holds no metrics; the median of repeated scrapes of one client. Per field: ` +
          runs.map((r, i) => `${r.fields.toLocaleString('en-US')} fields ${fmtUs(points[i].oursUs)} µs (first scrape ${fmtUs(points[i].oursFirstUs)} µs; CPU ${fmtUs(us(median(r.ours.more.map((t) => t.cpuMs)), r.fields))} µs), ` +
            `prom-client ${fmtUs(points[i].promClientUs)} µs (CPU ${fmtUs(us(median(r.promClient.more.map((t) => t.cpuMs)), r.series))} µs)`).join('; ') + '.',
      },
      {
        id: 'scrape_100k', title: `scrape of ${middle.series.toLocaleString('en-US')} series (Redis read + decode + render)`, unit: 'ms',
        ours: middle.oursMs, referenceName: 'prom-client `registry.metrics()` (in memory)', reference: middle.promClientMs,
        target: { op: '<=', ratio: 0.7 },
        note: `median of repeated scrapes, each side in a fresh process; first scrape ${middle.ours.first.ms.toFixed(0)} ms against prom-client's ${middle.promClient.first.ms.toFixed(0)} ms; ` +
          `CPU time of the scraping process ${median(middle.ours.more.map((t) => t.cpuMs)).toFixed(0)} ms against ${median(middle.promClient.more.map((t) => t.cpuMs)).toFixed(0)} ms.`,
      },
      {
        id: 'scrape_1m', title: `scrape of a ${large.fields.toLocaleString('en-US')}-field namespace, end to end`, unit: 'ms',
        ours: large.oursMs, referenceName: 'limit: 2.5 s', reference: 2500,
        target: { op: '<=', absolute: 2500 },
        note: `median of ${large.ours.more.length} scrapes after the first by one client; the first scrape of a fresh process (every field split and every family sorted) took ` +
          `${large.ours.first.ms.toFixed(0)} ms; prom-client rendered the same series in ${large.promClientMs.toFixed(0)} ms (first ${large.promClient.first.ms.toFixed(0)} ms).`,
      },
      ...sketchRows(histogram, summary, points[0].oursUs),
    ];
    return { rows, details: { runs, histogram, summary, points } };
  } finally {
    redis.disconnect();
  }
}

/**
 * runSketchScrape is the histogram and summary part of runScrapeScale alone
 * (`BENCH_ONLY=scrape-sketches`): 10,000 (quick: 500) histogram series and
 * 10,000 summary series next to prom-client, each side in a fresh process.
 */
export async function runSketchScrape(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const redis = new Redis(config.redisUrl);
  try {
    const sketches = config.quick ? 500 : 10_000;
    const histogram = await compare(config, redis, 'histogram', sketches, config.scrapeRounds);
    const summary = await compare(config, redis, 'summary', sketches, config.scrapeRounds);
    return { rows: sketchRows(histogram, summary), details: { histogram, summary } };
  } finally {
    redis.disconnect();
  }
}

type Comparison = Awaited<ReturnType<typeof compare>>;

/** sketchRows are the rows of the histogram and summary comparisons; `counterUs`, the cost per field of the counter namespace of the same run, goes in the summary's note when given. */
function sketchRows(histogram: Comparison, summary: Comparison, counterUs?: number): Row[] {
  const perSeries = us(summary.oursMs, summary.series).toFixed(2);
  return [
    {
      id: 'scrape_histogram', title: `scrape of ${histogram.series.toLocaleString('en-US')} histogram series (11 buckets, ${histogram.fields.toLocaleString('en-US')} fields)`, unit: 'ms',
      ours: histogram.oursMs, referenceName: 'prom-client `registry.metrics()` (in memory)', reference: histogram.promClientMs,
      target: { op: '<=', ratio: 1 },
      note: `median of repeated scrapes, each side in a fresh process; first scrape ${histogram.ours.first.ms.toFixed(0)} ms against ${histogram.promClient.first.ms.toFixed(0)} ms.`,
    },
    {
      id: 'scrape_summary', title: `scrape of ${summary.series.toLocaleString('en-US')} summary series (3 quantiles, ${summary.fields.toLocaleString('en-US')} fields)`, unit: 'ms',
      ours: summary.oursMs, referenceName: 'prom-client `registry.metrics()` (in memory)', reference: summary.promClientMs,
      note: `median of repeated scrapes, each side in a fresh process; per series ${perSeries} µs` +
        (counterUs === undefined ? '.' : ` against ${counterUs.toFixed(2)} µs per counter series.`),
    },
  ];
}
