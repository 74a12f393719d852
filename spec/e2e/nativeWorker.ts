// An application process for the native histogram end-to-end spec: it
// observes its share of the seeded latencies into a histogram with classic
// and native buckets, flushes, and exits.
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { Histogram } from '../../lib/metrics/Histogram';
import { CLASSIC_BOUNDS, latencies } from './nativeData';

async function main(): Promise<void> {
  const [namespace, redisUrl, indexText, countText] = process.argv.slice(2);
  const registry = new CollectorRegistry({ redis: redisUrl, namespace, flushIntervalMs: 0 });
  const latency = registry.register(
    new Histogram({ name: 'e2e_latency_seconds', description: 'Latency', buckets: CLASSIC_BOUNDS, native: {} }),
  );
  const values = latencies();
  for (let i = Number(indexText); i < values.length; i += Number(countText)) latency.observe(values[i]);
  const ok = await registry.close();
  process.exitCode = ok ? 0 : 1;
}

void main();
