import Redis from 'ioredis';
import * as prom from 'prom-client';
import { CollectorRegistry, Counter, ExpositionClient, Gauge } from '../lib';
import { namespaceKey, seenKey, writersKey } from '../lib/codec/field';
import { BenchConfig, median, uniqueName } from './config';
import type { Row } from './results';

/** The families of the scrape comparison: 6 counters and 4 gauges, each with a tenth of the series. */
const FAMILIES = 10;

/** seriesLabels returns the label set of series `n` of a family. */
function seriesLabels(n: number): { route: string; method: string; status: string } {
  return { route: `/api/v1/items/${n >> 2}`, method: ['GET', 'POST', 'PUT', 'DELETE'][n & 3], status: String(200 + (n % 7)) };
}

/**
 * runScrape compares a full scrape of a namespace of `scrapeSeries` series
 * (HSCAN from Redis, decode, render) with prom-client's in-memory
 * `registry.metrics()` for the same series, alternating the two.
 */
async function scrapeComparison(config: BenchConfig, redis: Redis): Promise<{ row: Row; details: Record<string, unknown> }> {
  const namespace = uniqueName('bench-scrape');
  const perFamily = config.scrapeSeries / FAMILIES;
  const promRegistry = new prom.Registry();
  const registry = new CollectorRegistry({ redis, namespace, flushIntervalMs: 0 });
  const client = new ExpositionClient({ redis, namespace });
  try {
    for (let f = 0; f < FAMILIES; f++) {
      const isCounter = f < 6;
      const name = `bench_scrape_${isCounter ? 'requests' : 'inflight'}_${f}${isCounter ? '_total' : ''}`;
      const labelNames = ['route', 'method', 'status'] as const;
      if (isCounter) {
        const ours = registry.register(new Counter({ name, description: `Family ${f}`, allowedLabels: labelNames }));
        const ref = new prom.Counter({ name, help: `Family ${f}`, labelNames, registers: [promRegistry] });
        for (let n = 0; n < perFamily; n++) {
          ours.inc(n + 1, seriesLabels(n));
          ref.inc(seriesLabels(n), n + 1);
        }
      } else {
        const ours = registry.register(new Gauge({ name, description: `Family ${f}`, allowedLabels: labelNames }));
        const ref = new prom.Gauge({ name, help: `Family ${f}`, labelNames, registers: [promRegistry] });
        for (let n = 0; n < perFamily; n++) {
          ours.set(n / 3, seriesLabels(n));
          ref.set(seriesLabels(n), n / 3);
        }
      }
    }
    if (!(await registry.flush())) throw new Error('could not write the scrape namespace');

    let oursText = '';
    let refText = '';
    const ours: number[] = [];
    const ref: number[] = [];
    for (let r = 0; r < config.scrapeRounds + 1; r++) {
      let t0 = performance.now();
      oursText = await client.expose();
      const a = performance.now() - t0;
      t0 = performance.now();
      refText = await promRegistry.metrics();
      const b = performance.now() - t0;
      if (r > 0) {
        ours.push(a);
        ref.push(b);
      }
    }
    const sampleLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    const details = {
      series: config.scrapeSeries,
      oursMs: ours,
      promClientMs: ref,
      oursSampleLines: sampleLines(oursText),
      promClientSampleLines: sampleLines(refText),
      oursBytes: Buffer.byteLength(oursText),
      promClientBytes: Buffer.byteLength(refText),
    };
    return {
      details,
      row: {
        id: 'scrape_10k', title: `scrape of ${config.scrapeSeries.toLocaleString('en-US')} series (Redis HSCAN + decode + render)`, unit: 'ms',
        ours: median(ours), referenceName: 'prom-client `registry.metrics()` (in memory)', reference: median(ref),
        target: { op: '<=', ratio: 1 },
      },
    };
  } finally {
    await registry.close();
    await redis.del(namespaceKey(namespace), writersKey(namespace), seenKey(namespace));
  }
}

/**
 * largeNamespace fills a namespace with `largeFields` counter fields, walks it
 * with HSCAN COUNT 1000 timing every call, scrapes it with an
 * ExpositionClient, and reads the Redis SLOWLOG for commands on the key during
 * both. The key is unlinked at the end, also when the run fails.
 */
async function largeNamespace(config: BenchConfig, redis: Redis): Promise<{ row: Row; details: Record<string, unknown> }> {
  const namespace = uniqueName('bench-large');
  const key = namespaceKey(namespace);
  const scanMs: number[] = [];
  // An interrupted run must not leave a million fields behind in the shared Redis either.
  const onSignal = (signal: NodeJS.Signals) => {
    void redis.unlink(key).finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await redis.hset(key, 'bench_large_total:t:', 'c', 'bench_large_total:d:', 'A large namespace');
    const perCommand = 1000;
    for (let start = 0; start < config.largeFields; start += perCommand * 50) {
      const pipeline = redis.pipeline();
      for (let c = start; c < Math.min(start + perCommand * 50, config.largeFields); c += perCommand) {
        const args: string[] = [];
        for (let n = c; n < Math.min(c + perCommand, config.largeFields); n++) args.push(`bench_large_total::id="${n}"`, String(n));
        pipeline.hset(key, ...args);
      }
      await pipeline.exec();
    }
    const fields = await redis.hlen(key);
    const slowBefore = ((await redis.slowlog('GET', 1)) as any[])[0]?.[0] ?? -1;
    const threshold = Number(((await redis.config('GET', 'slowlog-log-slower-than')) as string[])[1]);

    // Every HSCAN call of a full walk, timed at the client with nothing else running.
    let cursor = '0';
    do {
      const t0 = performance.now();
      const [next] = await redis.hscan(key, cursor, 'COUNT', 1000);
      scanMs.push(performance.now() - t0);
      cursor = next;
    } while (cursor !== '0');
    // The scrape itself, through the exposition client.
    const client = new ExpositionClient({ redis, namespace });
    const t0 = performance.now();
    const text = await client.expose();
    const totalMs = performance.now() - t0;
    const lines = text.split('\n').filter((l) => l.startsWith('bench_large_total')).length;

    const slow = ((await redis.slowlog('GET', 128)) as any[]).filter(
      (e) => e[0] > slowBefore && Array.isArray(e[3]) && e[3].includes(key),
    );
    const slowest = slow.reduce((m: number, e: any[]) => Math.max(m, Number(e[2]) / 1000), 0);
    const maxScan = Math.max(...scanMs);
    const details = {
      fields,
      renderedSamples: lines,
      scanCalls: scanMs.length,
      maxHscanMsClientSide: maxScan,
      medianHscanMsClientSide: median(scanMs),
      scrapeMs: totalMs,
      slowlogThresholdUs: threshold,
      slowlogEntriesOnKey: slow.map((e: any[]) => ({ command: String(e[3][0]), us: Number(e[2]) })),
    };
    return {
      details,
      row: {
        id: 'scrape_large', title: `scrape of a ${fields.toLocaleString('en-US')}-field namespace: slowest single HSCAN`, unit: 'ms',
        ours: maxScan, referenceName: 'limit: 50 ms per Redis command', reference: 50,
        target: { op: '<=', absolute: 50 },
        note: `${scanMs.length} HSCAN calls (COUNT 1000), median ${median(scanMs).toFixed(2)} ms, slowest ${maxScan.toFixed(2)} ms, timed ` +
          `at the client (round trip included); whole scrape through the exposition client ${(totalMs / 1000).toFixed(1)} s, ${lines.toLocaleString('en-US')} samples rendered. ` +
          `Redis SLOWLOG (threshold ${threshold / 1000} ms): ${slow.length === 0 ? 'no command on the key' : slow.length + ' command(s), slowest ' + slowest.toFixed(1) + ' ms'}.`,
      },
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await redis.unlink(key).catch(() => undefined);
  }
}

/** runScrape runs both scrape measurements. */
export async function runScrape(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const redis = new Redis(config.redisUrl);
  try {
    const a = await scrapeComparison(config, redis);
    const b = await largeNamespace(config, redis);
    return { rows: [a.row, b.row], details: { scrape: a.details, large: b.details } };
  } finally {
    redis.disconnect();
  }
}
