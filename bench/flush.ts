import { spawnSync } from 'node:child_process';
import Redis from 'ioredis';
import { CollectorRegistry, Counter } from '../lib';
import { namespaceKey, seenKey, writersKey } from '../lib/codec/field';
import { BenchConfig, median, uniqueName } from './config';
import type { Row } from './results';

/** redisBenchmark runs redis-benchmark with a pipeline of 64 on one command and returns its requests per second. */
function redisBenchmark(url: URL, requests: number, command: string[]): number | null {
  const args = ['-h', url.hostname, '-p', url.port || '6379', '-n', String(requests), '-P', '64', '-r', '100000', '--csv', ...command];
  const out = spawnSync('redis-benchmark', args, { encoding: 'utf8', timeout: 60_000 });
  if (out.status !== 0) return null;
  const line = out.stdout.trim().split('\n').pop() ?? '';
  const rps = Number(JSON.parse(`[${line}]`)[1]);
  return Number.isFinite(rps) ? rps : null;
}

/**
 * runFlush measures how many dirty fields per second a flush moves into
 * Redis, and, in the same run against the same Redis, redis-benchmark's
 * pipelined HINCRBY and HINCRBYFLOAT rates on random fields of one hash.
 */
export async function runFlush(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const redis = new Redis(config.redisUrl);
  const namespace = uniqueName('bench-flush');
  const benchKey = `instrumentor-bench:{${uniqueName('hincrby')}}`;
  try {
    const registry = new CollectorRegistry({ redis, namespace, flushIntervalMs: 0 });
    const counter = registry.register(
      new Counter({ name: 'bench_flush_total', description: 'Flush benchmark', allowedLabels: ['route', 'status'] }),
    );
    const labels = Array.from({ length: config.flushSeries }, (_, n) => ({ route: `/api/v1/items/${n}`, status: String(200 + (n % 5)) }));
    for (const l of labels) counter.inc(l);
    if (!(await registry.flush())) throw new Error('the first flush failed');

    const rates: number[] = [];
    const cpuShares: number[] = [];
    for (let r = 0; r < config.flushRounds; r++) {
      for (const l of labels) counter.inc(3, l);
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const ok = await registry.flush();
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      if (!ok) throw new Error('a measured flush failed');
      rates.push(config.flushSeries / ms / 1e3);
      cpuShares.push((used.user + used.system) / 1e3 / ms);
    }
    const total = Number(await redis.hget(namespaceKey(namespace), `bench_flush_total::${'route="/api/v1/items/0",status="200"'}`));
    await registry.close();

    const url = new URL(config.redisUrl);
    const hincrby = redisBenchmark(url, config.redisBenchmarkRequests, ['hincrby', benchKey, 'f:__rand_int__', '1']);
    await redis.unlink(benchKey);
    const hincrbyfloat = redisBenchmark(url, config.redisBenchmarkRequests, ['hincrbyfloat', benchKey, 'f:__rand_int__', '1']);
    await redis.unlink(benchKey);

    const ours = median(rates);
    const details = {
      series: config.flushSeries,
      rounds: rates,
      nodeCpuPerWallMs: cpuShares,
      checkValue: total,
      expectedCheckValue: 1 + 3 * config.flushRounds,
      redisBenchmarkHincrby: hincrby,
      redisBenchmarkHincrbyfloat: hincrbyfloat,
    };
    return {
      details,
      rows: [
        {
          id: 'flush', title: `flush of ${config.flushSeries.toLocaleString('en-US')} dirty counter fields into Redis`, unit: 'M fields/s',
          ours, referenceName: 'redis-benchmark pipelined HINCRBY (-P 64)', reference: hincrby === null ? null : hincrby / 1e6,
          target: { op: '>=', absolute: 0.9 },
          note:
            `redis-benchmark pipelined HINCRBYFLOAT, the command a flush runs per field: ${hincrbyfloat === null ? 'n/a' : (hincrbyfloat / 1e6).toFixed(2) + ' M/s'}.`,
        },
      ],
    };
  } finally {
    await redis.del(namespaceKey(namespace), writersKey(namespace), seenKey(namespace), benchKey).catch(() => undefined);
    redis.disconnect();
  }
}
