import { fork } from 'node:child_process';
import * as path from 'node:path';
import Redis from 'ioredis';
import { BenchConfig, uniqueName } from './config';
import type { Row } from './results';

/** run starts one idle process of bench/runtimeWorker.ts and resolves to its CPU milliseconds per second with the metrics on and off. */
function run(config: BenchConfig, kind: string, namespace: string, windowMs: number): Promise<{ on: number; off: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'runtimeWorker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_RUNTIME: kind, BENCH_NAMESPACE: namespace, BENCH_REDIS_URL: config.redisUrl, BENCH_WINDOW_MS: String(windowMs) },
    });
    child.once('message', (m) => resolve(m as { on: number; off: number }));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`runtime worker (${kind}) exited with ${code}`))));
  });
}

/**
 * runRuntime measures the CPU that runtime metrics cost a process: an idle
 * process flushing once a second, with `collectDefaultMetrics` (read and
 * written every flush) registered and unregistered in alternate windows after
 * a warm-up, and likewise a process with prom-client's (computed by a scrape
 * once a second). The overhead is the difference between the windows, in CPU
 * milliseconds per second of the process's life.
 */
export async function runRuntime(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const namespace = uniqueName('bench-runtime');
  const windowMs = config.quick ? 1500 : 5000;
  const redis = new Redis(config.redisUrl);
  try {
    const ours = await run(config, 'instrumentor', namespace, windowMs);
    const theirs = await run(config, 'prom-client', namespace, windowMs);
    const row: Row = {
      id: 'runtime-metrics-cpu',
      title: 'runtime metrics: CPU per process',
      unit: 'ms CPU/s',
      ours: Math.max(0, ours.on - ours.off),
      referenceName: 'prom-client collectDefaultMetrics, scraped every second',
      reference: Math.max(0, theirs.on - theirs.off),
      note: `an idle process flushing every second spends ${ours.off.toFixed(2)} ms CPU/s without runtime metrics, ${ours.on.toFixed(2)} with them`,
    };
    return { rows: [row], details: { ours, theirs, windowMs } };
  } finally {
    const keys = await redis.keys(`instrumentor:{${namespace}}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}
