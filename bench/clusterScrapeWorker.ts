/**
 * One worker of the many-process scrape: a Node cluster worker that holds
 * BENCH_SERIES counter series twice, in prom-client's global registry (which
 * the primary's AggregatorRegistry collects over IPC) and in a
 * CollectorRegistry flushed to the namespace BENCH_NAMESPACE, then tells the
 * primary it is ready and waits to be stopped.
 */
import * as prom from 'prom-client';
import { CollectorRegistry, Counter } from '../lib';
import { SCALE_FAMILIES, seriesLabels, seriesOf } from './scrapeSeries';

async function main(): Promise<void> {
  // Constructing one is what makes prom-client answer the primary's requests in a worker.
  new prom.AggregatorRegistry();
  const series = Number(process.env.BENCH_SERIES);
  const registry = new CollectorRegistry({ redis: process.env.BENCH_REDIS_URL!, namespace: process.env.BENCH_NAMESPACE!, flushIntervalMs: 0 });
  const labelNames = ['method', 'route', 'status'] as const;
  const ours = Array.from({ length: SCALE_FAMILIES }, (_, f) =>
    registry.register(new Counter({ name: seriesOf('counter', f).name, description: `Family ${f}`, allowedLabels: labelNames })),
  );
  const theirs = Array.from({ length: SCALE_FAMILIES }, (_, f) => new prom.Counter({ name: seriesOf('counter', f).name, help: `Family ${f}`, labelNames }));
  for (let n = 0; n < series; n++) {
    ours[n % SCALE_FAMILIES].inc(n + 1, seriesLabels(n));
    theirs[n % SCALE_FAMILIES].inc(seriesLabels(n), n + 1);
  }
  if (!(await registry.flush())) throw new Error('could not write the namespace');
  await registry.close();
  process.send!({ ready: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
