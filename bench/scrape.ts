import Redis from 'ioredis';
import * as prom from 'prom-client';
import { CollectorRegistry, Counter, ExpositionClient, Gauge } from '../lib';
import { namespaceKey, seenKey, writersKey } from '../lib/codec/field';
import { BenchConfig, median, uniqueName } from './config';
import type { Row } from './results';
import { runClusterScrape } from './clusterScrape';
import { runEventLoop } from './eventLoop';
import { runScrapeScale } from './scrapeScale';

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
  const client = new ExpositionClient({ redis, namespace, timeoutMs: 120_000 });
  /** Per family: changes every series, in both registries, for round `r`. */
  const updates: Array<(r: number) => void> = [];
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
        updates.push(() => {
          for (let n = 0; n < perFamily; n++) {
            ours.inc(seriesLabels(n));
            ref.inc(seriesLabels(n));
          }
        });
      } else {
        const ours = registry.register(new Gauge({ name, description: `Family ${f}`, allowedLabels: labelNames }));
        const ref = new prom.Gauge({ name, help: `Family ${f}`, labelNames, registers: [promRegistry] });
        for (let n = 0; n < perFamily; n++) {
          ours.set(n / 3, seriesLabels(n));
          ref.set(seriesLabels(n), n / 3);
        }
        updates.push((r) => {
          for (let n = 0; n < perFamily; n++) {
            ours.set((n + r) / 7, seriesLabels(n));
            ref.set(seriesLabels(n), (n + r) / 7);
          }
        });
      }
    }
    if (!(await registry.flush())) throw new Error('could not write the scrape namespace');

    let oursText = '';
    let refText = '';
    const ours: number[] = [];
    const ref: number[] = [];
    // Three warm-up rounds each: the first scrapes of either side run code the JIT has not optimized yet.
    const warmUp = 3;
    for (let r = 0; r < config.scrapeRounds + warmUp; r++) {
      let t0 = performance.now();
      oursText = await client.expose();
      const a = performance.now() - t0;
      t0 = performance.now();
      refText = await promRegistry.metrics();
      const b = performance.now() - t0;
      if (r >= warmUp) {
        ours.push(a);
        ref.push(b);
      }
    }
    // The same again, with every value changed (and flushed, untimed) before each scrape.
    const oursChanging: number[] = [];
    const refChanging: number[] = [];
    for (let r = 1; r <= config.scrapeRounds; r++) {
      for (const update of updates) update(r);
      if (!(await registry.flush())) throw new Error('could not write the scrape namespace');
      let t0 = performance.now();
      await client.expose();
      oursChanging.push(performance.now() - t0);
      t0 = performance.now();
      await promRegistry.metrics();
      refChanging.push(performance.now() - t0);
    }
    const sampleLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    const details = {
      series: config.scrapeSeries,
      oursMs: ours,
      promClientMs: ref,
      oursChangingMs: oursChanging,
      promClientChangingMs: refChanging,
      oursSampleLines: sampleLines(oursText),
      promClientSampleLines: sampleLines(refText),
      oursBytes: Buffer.byteLength(oursText),
      promClientBytes: Buffer.byteLength(refText),
    };
    return {
      details,
      row: {
        id: 'scrape_10k', title: `scrape of ${config.scrapeSeries.toLocaleString('en-US')} series (Redis read + decode + render)`, unit: 'ms',
        ours: median(ours), referenceName: 'prom-client `registry.metrics()` (in memory)', reference: median(ref),
        target: { op: '<=', ratio: 1 },
        note: `read with one HGETALL (a namespace of at most 20,000 fields; larger ones in HSCAN chunks); values unchanged between scrapes. ` +
          `With every value changed before each scrape: ${median(oursChanging).toFixed(1)} ms against prom-client's ${median(refChanging).toFixed(1)} ms ` +
          `(${(median(oursChanging) / median(refChanging)).toFixed(2)}×).`,
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
    const client = new ExpositionClient({ redis, namespace, timeoutMs: 120_000 });
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

/**
 * wholeRead fills a namespace with as many fields as the exposition client
 * reads with one HGETALL (20,000), times that command at the client a few
 * times, scrapes the namespace once, and reads the Redis SLOWLOG for commands
 * on the key meanwhile: the longest single command a scrape of a small
 * namespace costs Redis.
 */
async function wholeRead(config: BenchConfig, redis: Redis): Promise<{ row: Row; details: Record<string, unknown> }> {
  const namespace = uniqueName('bench-whole');
  const key = namespaceKey(namespace);
  const fields = 20_000;
  try {
    const args: string[] = ['bench_whole_total:t:', 'c', 'bench_whole_total:d:', 'A namespace read whole'];
    for (let n = 0; n < fields - 2; n++) args.push(`bench_whole_total::method="GET",route="/api/v1/items/${n}",status="200"`, String(n));
    await redis.hset(key, ...args);
    const slowBefore = ((await redis.slowlog('GET', 1)) as any[])[0]?.[0] ?? -1;
    const threshold = Number(((await redis.config('GET', 'slowlog-log-slower-than')) as string[])[1]);
    const readMs: number[] = [];
    for (let r = 0; r < config.scrapeRounds; r++) {
      const t0 = performance.now();
      await redis.call('HGETALL', key);
      readMs.push(performance.now() - t0);
    }
    const client = new ExpositionClient({ redis, namespace, timeoutMs: 120_000 });
    const hscan = redis.hscan;
    let hscanCalls = 0;
    redis.hscan = ((...a: Parameters<typeof hscan>) => {
      hscanCalls++;
      return hscan.apply(redis, a);
    }) as typeof hscan;
    const lines = (await client.expose().finally(() => (redis.hscan = hscan))).split('\n').filter((l) => l.startsWith('bench_whole_total')).length;
    const slow = ((await redis.slowlog('GET', 128)) as any[]).filter(
      (e) => e[0] > slowBefore && Array.isArray(e[3]) && e[3].includes(key),
    );
    const maxRead = Math.max(...readMs);
    const details = { fields, readMsClientSide: readMs, renderedSamples: lines, hscanCalls, slowlogThresholdUs: threshold, slowlogEntriesOnKey: slow.map((e: any[]) => ({ command: String(e[3][0]), us: Number(e[2]) })) };
    return {
      details,
      row: {
        id: 'scrape_whole', title: `scrape of a ${fields.toLocaleString('en-US')}-field namespace, read whole: the HGETALL`, unit: 'ms',
        ours: maxRead, referenceName: 'limit: 50 ms per Redis command', reference: 50,
        target: { op: '<=', absolute: 50 },
        note: `${readMs.length} HGETALL calls timed at the client (round trip and reply parsing included): median ${median(readMs).toFixed(2)} ms, slowest ${maxRead.toFixed(2)} ms; ` +
          `the exposition client read it with ${hscanCalls === 0 ? 'no HSCAN call' : hscanCalls + ' HSCAN calls'} and rendered ${lines.toLocaleString('en-US')} samples. ` +
          `Redis SLOWLOG (threshold ${threshold / 1000} ms): ${slow.length === 0 ? 'no command on the key' : slow.length + ' command(s), slowest ' + (Math.max(...slow.map((e: any[]) => Number(e[2]))) / 1000).toFixed(1) + ' ms'}.`,
      },
    };
  } finally {
    await redis.unlink(key).catch(() => undefined);
  }
}

/** runScrape runs the scrape measurements. */
export async function runScrape(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const redis = new Redis(config.redisUrl);
  try {
    const a = await scrapeComparison(config, redis);
    // before the large namespace, whose freeing in the background would slow Redis down meanwhile
    const c = await wholeRead(config, redis);
    const b = await largeNamespace(config, redis);
    const scale = await runScrapeScale(config);
    const many = await runClusterScrape(config);
    const loop = await runEventLoop(config);
    return {
      rows: [a.row, b.row, c.row, ...scale.rows, ...many.rows, ...loop.rows],
      details: { scrape: a.details, large: b.details, whole: c.details, scale: scale.details, manyProcesses: many.details, eventLoop: loop.details },
    };
  } finally {
    redis.disconnect();
  }
}
