/**
 * One process of the many-process benchmark: records into a labelled counter,
 * a bound counter and a histogram with 50 routes as fast as it can for
 * BENCH_DURATION_MS, flushing every BENCH_FLUSH_MS, and reports its exact
 * counts and the CPU time its flushes took to the parent over IPC.
 */
// @ts-nocheck

import { CollectorRegistry, Counter, Histogram } from '../lib';

const LABEL_SETS = [
  { route: '/a', status: '200' },
  { route: '/a', status: '500' },
  { route: '/b', status: '200' },
  { route: '/b', status: '404' },
] as const;

async function main(): Promise<void> {
  const namespace = process.env.BENCH_NAMESPACE!;
  const durationMs = Number(process.env.BENCH_DURATION_MS);
  const flushMs = Number(process.env.BENCH_FLUSH_MS);
  const registry = new CollectorRegistry({ redis: process.env.BENCH_REDIS_URL!, namespace, flushIntervalMs: 0 });
  const requests = registry.register(
    new Counter({ name: 'bench_mp_requests_total', description: 'Requests', allowedLabels: ['route', 'status'] }),
  );
  const jobs = registry.register(new Counter({ name: 'bench_mp_jobs_total', description: 'Jobs' }));
  const job = jobs.labels({});
  const latency = registry.register(
    new Histogram({ name: 'bench_mp_latency_seconds', description: 'Latency', allowedLabels: ['route'] }),
  );
  const routes = Array.from({ length: 50 }, (_, n) => ({ route: `/api/${n}` }));
  const values = Array.from({ length: 64 }, (_, n) => n / 50);
  let route = 0;
  const counts = [0, 0, 0, 0];
  let jobCount = 0;
  let flushes = 0;
  let failedFlushes = 0;
  let flushCpuUs = 0;
  let flushWallMs = 0;

  const started = new Promise<void>((resolve) => process.once('message', () => resolve()));
  process.send!({ ready: true });
  await started; // every process starts at the same time
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + durationMs;
  let nextFlush = start + flushMs;
  let i = 0;
  for (;;) {
    for (let k = 0; k < 20_000; k++) {
      const n = i++ & 3;
      requests.inc(LABEL_SETS[n]);
      counts[n]++;
      job.inc();
      latency.observe(values[k & 63], routes[route]);
      if (++route === 50) route = 0;
    }
    jobCount += 20_000;
    const now = performance.now();
    if (now >= nextFlush || now >= end) {
      const c = process.cpuUsage();
      const ok = await registry.flush();
      const used = process.cpuUsage(c);
      flushCpuUs += used.user + used.system;
      flushWallMs += performance.now() - now;
      flushes++;
      if (!ok) failedFlushes++;
      nextFlush = now + flushMs;
      if (now >= end) break;
    } else {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  const total = process.cpuUsage(cpu0);
  const wallMs = performance.now() - start;
  const closed = await registry.close();
  process.send!({ counts, jobCount, flushes, failedFlushes, flushCpuUs, cpuUs: total.user + total.system, wallMs, flushWallMs, closed });
  process.disconnect();
}

void main();
