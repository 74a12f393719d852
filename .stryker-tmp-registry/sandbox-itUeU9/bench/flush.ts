// @ts-nocheck
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
 * pipelined HINCRBY and HINCRBYFLOAT rates on random fields of one hash, and
 * the rates of the proposed changes (see flushVariants).
 */
export async function runFlush(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const redis = new Redis(config.redisUrl);
  const benchKey = `instrumentor-bench:{${uniqueName('hincrby')}}`;
  const labels = Array.from({ length: config.flushSeries }, (_, n) => ({ route: `/api/v1/items/${n}`, status: String(200 + (n % 5)) }));
  const variants: Array<{ id: string }> = [{ id: 'current' }];
  const runs = variants.map((v) => {
    const namespace = uniqueName('bench-flush');
    const registry = new CollectorRegistry({ redis, namespace, flushIntervalMs: 0 });
    const counter = registry.register(
      new Counter({ name: 'bench_flush_total', description: 'Flush benchmark', allowedLabels: ['route', 'status'] }),
    );
    return { ...v, namespace, registry, counter, rates: [] as number[], cpuShares: [] as number[], check: NaN };
  });
  try {
    for (const run of runs) {
      for (const l of labels) run.counter.inc(l);
      if (!(await run.registry.flush())) throw new Error(`the first flush (${run.id}) failed`);
    }
    for (let r = 0; r < config.flushRounds; r++) {
      for (const run of runs) {
        for (const l of labels) run.counter.inc(3, l);
        const cpu = process.cpuUsage();
        const t0 = performance.now();
        const ok = await run.registry.flush();
        const ms = performance.now() - t0;
        const used = process.cpuUsage(cpu);
        if (!ok) throw new Error(`a measured flush (${run.id}) failed`);
        run.rates.push(config.flushSeries / ms / 1e3);
        run.cpuShares.push((used.user + used.system) / 1e3 / ms);
      }
    }
    for (const run of runs) {
      run.check = Number(await redis.hget(namespaceKey(run.namespace), 'bench_flush_total::route="/api/v1/items/0",status="200"'));
    }
    const url = new URL(config.redisUrl);
    const hincrby = redisBenchmark(url, config.redisBenchmarkRequests, ['hincrby', benchKey, 'f:__rand_int__', '1']);
    await redis.unlink(benchKey);
    const hincrbyfloat = redisBenchmark(url, config.redisBenchmarkRequests, ['hincrbyfloat', benchKey, 'f:__rand_int__', '1']);
    await redis.unlink(benchKey);

    const byId = Object.fromEntries(runs.map((run) => [run.id, median(run.rates)]));
    const ours = byId.current;
    const details = {
      series: config.flushSeries,
      variants: Object.fromEntries(runs.map((run) => [run.id, { rates: run.rates, median: median(run.rates), nodeCpuPerWallMs: run.cpuShares, checkValue: run.check }])),
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
            `redis-benchmark pipelined HINCRBYFLOAT (the command for float deltas): ${hincrbyfloat === null ? 'n/a' : (hincrbyfloat / 1e6).toFixed(2) + ' M/s'}.` +
            ` The target's 0.9 M fields/s was set as half of the 1.8 M/s that redis-benchmark's pipelined HINCRBY reached on these machines;` +
            ` this machine's speed varies from run to run, so the same-run ratio tells more: ${hincrby === null ? 'n/a' : (ours / (hincrby / 1e6)).toFixed(2) + '× (target 0.5×)'}.`,
        },
      ],
    };
  } finally {
    for (const run of runs) {
      await run.registry.close();
      await redis.del(namespaceKey(run.namespace), writersKey(run.namespace), seenKey(run.namespace)).catch(() => undefined);
    }
    await redis.del(benchKey).catch(() => undefined);
    redis.disconnect();
  }
}
