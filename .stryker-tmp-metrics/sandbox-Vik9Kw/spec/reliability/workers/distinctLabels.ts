/**
 * distinctLabels records `count` distinct label values into a counter (two
 * labels) and a histogram (one label, the default 11 buckets) while Redis is
 * unreachable (a closed port), then reports the process' memory to its
 * parent. Run with --expose-gc.
 *
 * argv: count, maxBufferedSeries ('default' for the registry's default), port,
 *   and the metrics to record into: 'counter', 'histogram', 'both' (default)
 *   or 'summary' (one observation per series)
 * sends: { before, after } memory figures in bytes (after a full GC), and the
 * registry's status
 */
// @ts-nocheck

import { Counter, Histogram, Summary } from '../../../lib';
import { CollectorRegistry, CollectorRegistryOptions } from '../../../lib/registry/CollectorRegistry';

/** The chunk recorded between two turns of the event loop, so that the flush interval runs while recording. */
const CHUNK = 10_000;

function memoryAfterGc(): { rss: number; heapUsed: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('distinctLabels needs node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

async function main(): Promise<void> {
  const [countText, boundText, port, kinds = 'both'] = process.argv.slice(2);
  const counting = kinds === 'counter' || kinds === 'both';
  const timing = kinds === 'histogram' || kinds === 'both';
  const sizing = kinds === 'summary';
  const count = Number(countText);
  const options: CollectorRegistryOptions = {
    redis: `redis://127.0.0.1:${port}`,
    namespace: 'memory_bound',
    flushIntervalMs: 100,
    retryDelayMs: 50,
    maxRetryDelayMs: 200,
    onError: () => undefined,
  };
  if (boundText !== 'default') options.maxBufferedSeries = Number(boundText);
  const registry = new CollectorRegistry(options);
  const requests = registry.register(new Counter({ name: 'requests_total', description: 'Requests', allowedLabels: ['user', 'method'] }));
  const took = registry.register(new Histogram({ name: 'took_seconds', description: 'Time', allowedLabels: ['user'] }));
  // warm up every code path once, so that the figure before is not missing compiled code
  requests.inc({ user: 'warm', method: 'GET' });
  took.observe(0.1, { user: 'warm' });
  const size = registry.register(new Summary({ name: 'size_bytes', description: 'Size', allowedLabels: ['user'] }));
  size.observe(10, { user: 'warm' });
  await registry.flush();
  const before = memoryAfterGc();
  for (let done = 0; done < count; ) {
    const end = Math.min(count, done + CHUNK);
    for (let i = done; i < end; i++) {
      const user = `user-${i}-${'x'.repeat(16)}`;
      if (counting) requests.inc({ user, method: 'GET' });
      if (timing) took.observe(0.2, { user });
      if (sizing) size.observe(i, { user });
    }
    done = end;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await registry.flush();
  const after = memoryAfterGc();
  const status = registry.status();
  process.send!({ before, after, status });
  await registry.close(0);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
