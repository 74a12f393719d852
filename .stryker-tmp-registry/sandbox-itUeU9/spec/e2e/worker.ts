// @ts-nocheck
// A small application process for the end-to-end specs: it records a known
// set of values into a namespace, flushes, and exits.
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';

async function main(): Promise<void> {
  const [namespace, redisUrl, ordersText, ...latencies] = process.argv.slice(2);
  const registry = new CollectorRegistry({ redis: redisUrl, namespace, flushIntervalMs: 0 });
  const orders = registry.register(new Counter({ name: 'e2e_orders_total', description: 'Orders placed', allowedLabels: ['method'] }));
  const jobs = registry.register(new Counter({ name: 'e2e_jobs', description: 'Jobs done (no _total suffix)' }));
  const workers = registry.register(new Gauge({ name: 'e2e_workers', description: 'Workers that ran' }));
  const checkout = registry.register(new Histogram({ name: 'e2e_checkout_seconds', description: 'Checkout time', buckets: [0.1, 0.5, 1] }));
  const payload = registry.register(new Summary({ name: 'e2e_payload_bytes', description: 'Payload size', quantiles: [0.5, 1] }));
  orders.inc(Number(ordersText), { method: 'card' });
  orders.inc({ method: 'cash' });
  jobs.inc(2);
  workers.inc();
  for (const l of latencies) {
    checkout.observe(Number(l));
    payload.observe(Number(l) * 1000);
  }
  const ok = await registry.close();
  process.stdout.write(ok ? 'flushed\n' : 'not flushed\n');
  process.exitCode = ok ? 0 : 1;
}

void main();
