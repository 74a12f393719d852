import cluster from 'node:cluster';
import * as path from 'node:path';
import Redis from 'ioredis';
import * as prom from 'prom-client';
import { ExpositionClient } from '../lib';
import { namespaceKey, seenKey, writersKey } from '../lib/codec/field';
import { BenchConfig, median, uniqueName } from './config';
import type { Row } from './results';

/**
 * manyProcesses starts `workers` Node cluster workers that each hold
 * `series` counter series (the same series in every worker) in prom-client
 * and in the namespace, then times, alternating, a scrape of the namespace
 * with an ExpositionClient and prom-client's cluster mode,
 * `AggregatorRegistry.clusterMetrics()`, which asks every worker for its
 * metrics over IPC and adds them up. Both render the series summed over the
 * workers. The workers are stopped and the keys deleted at the end.
 */
async function manyProcesses(config: BenchConfig, redis: Redis, workers: number, series: number) {
  const namespace = uniqueName('bench-cluster');
  cluster.setupPrimary({ exec: path.join(__dirname, 'clusterScrapeWorker.ts'), execArgv: ['--import', 'tsx'], silent: false });
  const env = { BENCH_NAMESPACE: namespace, BENCH_REDIS_URL: config.redisUrl, BENCH_SERIES: String(series) };
  const started = Array.from({ length: workers }, () => cluster.fork(env));
  const client = new ExpositionClient({ redis, namespace, timeoutMs: 120_000 });
  try {
    await Promise.all(
      started.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.on('message', (m: { ready?: boolean }) => m?.ready === true && resolve());
            w.once('exit', (code) => reject(new Error(`a cluster worker exited with ${code} before it was ready`)));
          }),
      ),
    );
    const aggregator = new prom.AggregatorRegistry();
    const ours: number[] = [];
    const theirs: number[] = [];
    let oursText = '';
    let theirText = '';
    const warmUp = 2;
    for (let r = 0; r < config.scrapeRounds + warmUp; r++) {
      let t0 = performance.now();
      oursText = await client.expose();
      const a = performance.now() - t0;
      t0 = performance.now();
      theirText = await aggregator.clusterMetrics();
      const b = performance.now() - t0;
      if (r >= warmUp) {
        ours.push(a);
        theirs.push(b);
      }
    }
    const samples = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    return { workers, series, oursMs: ours, promClientMs: theirs, oursSamples: samples(oursText), promClientSamples: samples(theirText) };
  } finally {
    for (const w of started) w.process.kill();
    await redis.unlink(namespaceKey(namespace), writersKey(namespace), seenKey(namespace)).catch(() => undefined);
  }
}

/**
 * runClusterScrape compares the scrape of what 4 and 8 processes recorded
 * (10,000 series each; 2 processes of 2,000 in quick mode) with prom-client's
 * cluster mode.
 */
export async function runClusterScrape(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const redis = new Redis(config.redisUrl);
  try {
    const runs = [];
    for (const workers of config.quick ? [2] : [4, 8]) runs.push(await manyProcesses(config, redis, workers, config.quick ? 2_000 : 10_000));
    const rows: Row[] = runs.map((r) => ({
      id: `scrape_cluster_${r.workers}`,
      title: `scrape of ${r.workers} processes × ${r.series.toLocaleString('en-US')} series`,
      unit: 'ms',
      ours: median(r.oursMs),
      referenceName: 'prom-client cluster mode `AggregatorRegistry.clusterMetrics()`',
      reference: median(r.promClientMs),
      target: { op: '<=', ratio: 0.35 },
      note: `every process holds the same ${r.series.toLocaleString('en-US')} counter series; both render them summed over the processes ` +
        `(${r.oursSamples.toLocaleString('en-US')} samples ours, ${r.promClientSamples.toLocaleString('en-US')} prom-client's); median of ${r.oursMs.length} scrapes each, alternating.`,
    }));
    return { rows, details: { runs } };
  } finally {
    redis.disconnect();
  }
}
