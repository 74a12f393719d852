// A writer process of the shard benchmark: on "go", increments every one of its series and flushes,
// `rounds` times, into a namespace of `shards` shards on a Redis Cluster; reports its fields, time and CPU time.
// With BENCH_REPLAY=1 it builds the batches of one such flush once, before "go", and sends them `rounds` times
// (each time under new sequence numbers): Redis does the same work, the writer only sends.
import { Cluster } from 'ioredis';
import { CollectorRegistry, Counter } from '../lib';
import { BatchBuilder } from '../lib/codec/BatchBuilder';
import { RedisStore } from '../lib/store/RedisStore';
import { SHARD_BENCH_COUNTER, shardBenchField } from './shardSeries';

const ports = (process.env.BENCH_PORTS ?? '').split(',').map(Number);
const namespace = process.env.BENCH_NAMESPACE ?? 'bench';
const shards = Number(process.env.BENCH_SHARDS ?? '1');
const series = Number(process.env.BENCH_SERIES ?? '10000');
const rounds = Number(process.env.BENCH_ROUNDS ?? '5');
const id = process.env.BENCH_ID ?? '0';
const replay = process.env.BENCH_REPLAY === '1';

async function main(): Promise<void> {
  if (replay) return replayMain();
  const cluster = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  const registry = new CollectorRegistry({ redis: cluster, namespace, shards, flushIntervalMs: 0, maxBufferedSeries: Infinity, cleanupIntervalMs: 0, onError: (e) => process.stderr.write(`shard bench writer: ${e.message}\n`) });
  const c = registry.register(new Counter({ name: SHARD_BENCH_COUNTER, description: 'Shard bench', allowedLabels: ['w', 'i'] }));
  const handles = Array.from({ length: series }, (_, i) => c.labels({ w: id, i: String(i) }));
  if (!(await registry.flush())) throw new Error('first flush failed');
  const measured = await timedRounds(() => {
    for (const h of handles) h.inc();
    return registry.flush();
  });
  await registry.close();
  await cluster.quit();
  process.send?.({ fields: series * rounds, ...measured }, () => process.disconnect());
}

/** replayMain sends the prepared batches of one flush of every series, `rounds` times. */
async function replayMain(): Promise<void> {
  const cluster = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  const store = new RedisStore(cluster);
  if ((await store.claimShards(namespace, shards)) !== shards) throw new Error('the namespace has another number of shards');
  const builder = new BatchBuilder(undefined, undefined, shards);
  for (let i = 0; i < series; i++) builder.incr(shardBenchField(i, id), 1);
  const batches = builder.batches();
  const writer = `replay-${id}-${process.pid}`;
  let seq = 0;
  const measured = await timedRounds(async () => {
    const results = await store.write(namespace, writer, batches.map((ops) => ({ seq: ++seq, ops })));
    return results.every((x) => !(x instanceof Error));
  });
  await store.close();
  await cluster.quit();
  process.send?.({ fields: series * rounds, ...measured }, () => process.disconnect());
}

/** timedRounds tells the parent it is ready, waits for "go", and runs `round` `rounds` times: the wall and CPU time, and whether every round succeeded. */
async function timedRounds(round: () => Promise<boolean>): Promise<{ wallMs: number; cpuMs: number; ok: boolean }> {
  process.send?.({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let ok = true;
  for (let r = 0; r < rounds; r++) ok = (await round()) && ok;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, ok };
}

void main();
