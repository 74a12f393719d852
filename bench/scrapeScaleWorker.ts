/**
 * One side of a scrape at scale, in a process of its own that holds no other
 * metrics: BENCH_SIDE=ours scrapes the namespace BENCH_NAMESPACE with an
 * ExpositionClient; BENCH_SIDE=prom builds the same series in a prom-client
 * registry and renders it with `registry.metrics()`. Either side times its
 * first scrape and BENCH_ROUNDS more (CPU time too), and reports to the
 * parent over IPC.
 */
import * as prom from 'prom-client';
import { ExpositionClient } from '../lib';
import { HISTOGRAM_BUCKETS, seriesLabels, seriesOf } from './scrapeSeries';

interface Timed {
  ms: number;
  cpuMs: number;
  bytes: number;
}

async function timed(scrape: () => Promise<string>): Promise<Timed> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const text = await scrape();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, bytes: text.length };
}

/** promRegistry builds `series` series of `kind` in a prom-client registry, as scrapeSeries lays them out. */
function promRegistry(kind: string, series: number): prom.Registry {
  const registry = new prom.Registry();
  const labelNames = ['method', 'route', 'status'];
  const byFamily = new Map<number, prom.Counter | prom.Histogram | prom.Summary>();
  for (let n = 0; n < series; n++) {
    const { family, name } = seriesOf(kind, n);
    let metric = byFamily.get(family);
    if (metric === undefined) {
      const common = { name, help: `Family ${family}`, labelNames, registers: [registry] };
      metric =
        kind === 'histogram' ? new prom.Histogram({ ...common, buckets: [...HISTOGRAM_BUCKETS] })
        : kind === 'summary' ? new prom.Summary({ ...common, percentiles: [0.5, 0.9, 0.99] })
        : new prom.Counter(common);
      byFamily.set(family, metric);
    }
    const labels = seriesLabels(n);
    if (metric instanceof prom.Counter) metric.inc(labels, n + 1);
    else for (let k = 0; k < 8; k++) metric.observe(labels, ((n + k) % 100) / 40);
  }
  return registry;
}

async function main(): Promise<void> {
  const side = process.env.BENCH_SIDE!;
  const rounds = Number(process.env.BENCH_ROUNDS);
  let scrape: () => Promise<string>;
  let close = async () => undefined as unknown;
  if (side === 'ours') {
    const client = new ExpositionClient({ redis: process.env.BENCH_REDIS_URL!, namespace: process.env.BENCH_NAMESPACE!, timeoutMs: 600_000 });
    scrape = () => client.expose();
    close = () => client.close();
  } else {
    const registry = promRegistry(process.env.BENCH_KIND!, Number(process.env.BENCH_SERIES));
    scrape = () => registry.metrics();
  }
  const first = await timed(scrape);
  const more: Timed[] = [];
  for (let r = 0; r < rounds; r++) more.push(await timed(scrape));
  await close();
  process.send!({ first, more }, () => process.exit(0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
