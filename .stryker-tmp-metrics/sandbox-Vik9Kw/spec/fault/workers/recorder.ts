// @ts-nocheck
// A worker process for the fault specs: records as fast as it can (yielding to
// the event loop between bursts) until told to stop, then closes its registry
// and reports exactly what it recorded. It tells the spec about every error.
import { CollectorRegistry, Counter, Gauge, Histogram } from '../../../lib';

const [url, namespace, id] = process.argv.slice(2);

const errors: Record<string, number> = {};
const registry = new CollectorRegistry({
  redis: url,
  namespace,
  flushIntervalMs: 20,
  flushTimeoutMs: 500,
  retryDelayMs: 50,
  maxRetryDelayMs: 500,
  onError: (e) => {
    errors[e.name] = (errors[e.name] ?? 0) + 1;
    if (process.connected) process.send?.({ id, error: e.name });
  },
});
const jobs = registry.register(new Counter({ name: 'jobs_total', description: 'Jobs', allowedLabels: ['queue'] }));
const inflight = registry.register(new Gauge({ name: 'jobs_inflight', description: 'Jobs in flight' }));
const size = registry.register(new Histogram({ name: 'job_size', description: 'Job size', buckets: [1, 2] }));

let stopping = false;
const recorded = { mail: 0, sms: 0, observations: 0, sum: 0, le1: 0, le2: 0 };

process.on('message', (m) => {
  if (m === 'stop') stopping = true;
});

async function main(): Promise<void> {
  process.send?.({ id, ready: true });
  let i = 0;
  while (!stopping) {
    inflight.inc();
    for (let n = 0; n < 500; n++, i++) {
      const queue = i % 3 === 0 ? 'sms' : 'mail';
      jobs.inc({ queue });
      recorded[queue]++;
      const v = i % 4; // 0, 1, 2, 3: exact sums
      size.observe(v);
      recorded.observations++;
      recorded.sum += v;
      if (v <= 1) recorded.le1++;
      if (v <= 2) recorded.le2++;
    }
    inflight.dec();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const ok = await registry.close(10_000); // Redis is back: delivering takes milliseconds; a close that cannot deliver fails the spec in 10 s
  process.send?.({ id, ok, recorded, errors, status: registry.status() });
  process.disconnect?.();
}

void main();
