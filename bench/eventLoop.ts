import { fork } from 'node:child_process';
import { request } from 'node:http';
import * as path from 'node:path';
import Redis from 'ioredis';
import { namespaceKey } from '../lib/codec/field';
import { BenchConfig, median, uniqueName } from './config';
import type { Row } from './results';
import { fillCounters } from './scrapeScale';

interface LoopReport {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** The most CPU time the serving process used between two turns of a 1 ms timer. */
  cpuBlockMs: number;
}

/** get fetches `url` and resolves to the body's length once it has all come. */
function get(port: number, pathName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathName }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * serve starts one serving side (see eventLoopWorker) in a fresh process,
 * scrapes it once to warm it up, then `rounds` times over HTTP from this
 * process while the server watches its event loop, and resolves to the
 * server's event-loop figures and the time of each scrape.
 */
async function serve(config: BenchConfig, env: Record<string, string>, rounds: number) {
  const child = fork(path.join(__dirname, 'eventLoopWorker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_REDIS_URL: config.redisUrl, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () => new Promise<any>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a serving process exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m);
    });
  });
  try {
    const { port } = (await next()) as { port: number };
    await get(port, '/metrics');
    const ready = next();
    child.send('reset');
    await ready;
    const ms: number[] = [];
    let bytes = 0;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      bytes = await get(port, '/metrics');
      ms.push(performance.now() - t0);
    }
    const report = next();
    child.send('report');
    return { loop: (await report) as LoopReport, ms, bytes };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/**
 * runEventLoop serves a namespace of 100,000 counter series (10,000 in quick
 * mode) over HTTP with createMetricsHandler, and the same series with
 * prom-client, each in a fresh process that watches its event loop while
 * another process scrapes it: the longest block and the 99th percentile of
 * the event loop's delay during the scrapes, and the most CPU time used
 * between two turns of the event loop.
 */
export async function runEventLoop(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const redis = new Redis(config.redisUrl);
  const namespace = uniqueName('bench-loop');
  const key = namespaceKey(namespace);
  const series = config.quick ? 10_000 : 100_000;
  try {
    await fillCounters(redis, key, series);
    const rounds = config.scrapeRounds;
    const ours = await serve(config, { BENCH_SIDE: 'ours', BENCH_NAMESPACE: namespace }, rounds);
    const ref = await serve(config, { BENCH_SIDE: 'prom', BENCH_SERIES: String(series) }, rounds);
    const title = `serving a ${series.toLocaleString('en-US')}-series scrape in the app: longest event-loop block`;
    return {
      details: { series, ours, promClient: ref },
      rows: [
        {
          id: 'scrape_loop_block', title, unit: 'ms',
          ours: ours.loop.maxMs, referenceName: 'limit: 20 ms', reference: 20,
          target: { op: '<=', absolute: 20 },
          note: `createMetricsHandler behind node:http, GET /metrics from another process, ${rounds} scrapes after one to warm up, monitorEventLoopDelay (1 ms resolution): ` +
            `longest block ${ours.loop.maxMs.toFixed(0)} ms, p99 ${ours.loop.p99Ms.toFixed(1)} ms, scrape ${median(ours.ms).toFixed(0)} ms; ` +
            `prom-client serving the same series: longest ${ref.loop.maxMs.toFixed(0)} ms, p99 ${ref.loop.p99Ms.toFixed(1)} ms, scrape ${median(ref.ms).toFixed(0)} ms.`,
        },
        {
          id: 'scrape_loop_cpu_block', title: `serving a ${series.toLocaleString('en-US')}-series scrape in the app: most CPU time between two turns of the event loop`, unit: 'ms',
          ours: ours.loop.cpuBlockMs, referenceName: 'prom-client serving the same series', reference: ref.loop.cpuBlockMs,
          target: { op: '<=', absolute: 20 },
          note: 'process.cpuUsage() read on every turn of a 1 ms timer in the serving process, the largest difference: the longest block counted in CPU time, which other processes on a busy machine do not inflate (GC helper threads do count).',
        },
      ],
    };
  } finally {
    await redis.unlink(key).catch(() => undefined);
    redis.disconnect();
  }
}
