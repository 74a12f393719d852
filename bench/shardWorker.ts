// A writer process of the shard benchmark: on "go", increments every one of its series and flushes,
// `rounds` times, into a namespace of `shards` shards on a Redis Cluster; reports its fields, time and CPU time.
import { Cluster } from 'ioredis';
import { CollectorRegistry, Counter } from '../lib';

const ports = (process.env.BENCH_PORTS ?? '').split(',').map(Number);
const namespace = process.env.BENCH_NAMESPACE ?? 'bench';
const shards = Number(process.env.BENCH_SHARDS ?? '1');
const series = Number(process.env.BENCH_SERIES ?? '10000');
const rounds = Number(process.env.BENCH_ROUNDS ?? '5');
const id = process.env.BENCH_ID ?? '0';

async function main(): Promise<void> {
  const cluster = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  const registry = new CollectorRegistry({ redis: cluster, namespace, shards, flushIntervalMs: 0, maxBufferedSeries: Infinity, cleanupIntervalMs: 0, onError: (e) => process.stderr.write(`shard bench writer: ${e.message}\n`) });
  const c = registry.register(new Counter({ name: 'bench_shard_total', description: 'Shard bench', allowedLabels: ['w', 'i'] }));
  const handles = Array.from({ length: series }, (_, i) => c.labels({ w: id, i: String(i) }));
  if (!(await registry.flush())) throw new Error('first flush failed');
  process.send?.({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let ok = true;
  for (let r = 0; r < rounds; r++) {
    for (const h of handles) h.inc();
    ok = (await registry.flush()) && ok;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  await registry.close();
  await cluster.quit();
  process.send?.({ fields: series * rounds, wallMs, cpuMs, ok }, () => process.disconnect());
}

void main();
