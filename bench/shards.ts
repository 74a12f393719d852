/**
 * The sharded-namespace benchmark (BENCH_ONLY=shards): it starts its own
 * local Redis Cluster (and removes it), and measures in one run
 * - the flush throughput of one namespace with K = 12 against K = 1 on the
 *   same 3-master cluster, several writer processes at once, and the same
 *   with writers that send prepared batches (the masters' side alone);
 * - the scrape of a large namespace (1M fields) with K = 12 against K = 1;
 * - the capacity model: Redis CPU per flushed field on each master of a
 *   cluster of 1, 2 and 3 masters, the CPU of one script call, and what
 *   they predict for 10 and 30 masters.
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Cluster } from 'ioredis';
import { namespaceKey } from '../lib/codec/field';
import { shardName, shardOf } from '../lib/codec/shard';
import { ExpositionClient } from '../lib/exposition/ExpositionClient';
import { RedisStore } from '../lib/store/RedisStore';
import { startCluster, LocalCluster } from '../spec/support/localCluster';
import { BenchConfig, median } from './config';
import type { Row } from './results';
import { shardBenchField } from './shardSeries';

const WRITERS = 3;

/** cpuSeconds reads a node's used CPU (user + system), in seconds. */
async function cpuSeconds(cluster: Cluster, port: number): Promise<number> {
  const node = cluster.nodes('master').find((n) => n.options.port === port)!;
  const info = await node.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
}

/** masterPorts lists the ports of the cluster's masters. */
function masterPorts(local: LocalCluster): number[] {
  return local.cli(local.ports[0], 'cluster', 'nodes').split('\n').filter((l) => l.includes('master')).map((l) => Number(/:(\d+)@/.exec(l)![1]));
}

interface FlushRun {
  fieldsPerSecond: number;
  /** The writers' own CPU time per field they flushed, in microseconds (drain, split by shard, send). */
  writerCpuUsPerField: number;
  /** The wall time of the measured flushes, in milliseconds. */
  wallMs: number;
  /** Per master port: CPU seconds used and fields applied during the measured flushes. */
  perMaster: Record<number, { cpu: number; fields: number }>;
}

/**
 * flushRun runs `writers` processes flushing `series` changed series `rounds`
 * times each into a namespace of `shards` shards; with `replay`, the writers
 * send prepared batches (see shardWorker): the masters' side of the flush alone.
 */
async function flushRun(local: LocalCluster, cluster: Cluster, namespace: string, shards: number, series: number, rounds: number, writers = WRITERS, replay = false): Promise<FlushRun> {
  const children = Array.from({ length: writers }, (_, w) =>
    fork(path.join(__dirname, 'shardWorker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_PORTS: local.ports.join(','), BENCH_NAMESPACE: namespace, BENCH_SHARDS: String(shards), BENCH_SERIES: String(series), BENCH_ROUNDS: String(rounds), BENCH_ID: String(w), BENCH_REPLAY: replay ? '1' : '0' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const reports = children.map(
    (child) =>
      new Promise<{ fields: number; wallMs: number; cpuMs: number; ok: boolean }>((resolve, reject) => {
        child.on('message', (m: any) => {
          if (m?.fields !== undefined) resolve(m);
        });
        child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`shard bench writer exited with ${code}`))));
      }),
  );
  for (const r of reports) r.catch(() => undefined); // a writer that dies early fails the wait below instead of the process
  try {
    await Promise.all(children.map((child, i) => Promise.race([new Promise<void>((resolve) => child.on('message', (m: any) => m?.ready && resolve())), reports[i].then(() => undefined)])));
  } catch (err) {
    for (const child of children) child.kill();
    throw err;
  }
  const masters = masterPorts(local);
  const cpuBefore = await Promise.all(masters.map((p) => cpuSeconds(cluster, p)));
  const t0 = performance.now();
  for (const child of children) child.send('go');
  const done = await Promise.all(reports);
  const wallMs = performance.now() - t0;
  const cpuAfter = await Promise.all(masters.map((p) => cpuSeconds(cluster, p)));
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)))));
  if (!done.every((d) => d.ok)) throw new Error('a flush of the shard benchmark failed');
  // the fields each master applied: every series' field, in its shard's master, once per round and writer
  const perMaster: FlushRun['perMaster'] = {};
  masters.forEach((p, i) => (perMaster[p] = { cpu: cpuAfter[i] - cpuBefore[i], fields: 0 }));
  const shardMaster = Array.from({ length: shards }, (_, s) => local.masterOf(namespaceKey(shards === 1 ? namespace : shardName(namespace, s))));
  for (let w = 0; w < writers; w++) {
    for (let i = 0; i < series; i++) perMaster[shardMaster[shardOf(shardBenchField(i, w), shards)]].fields += rounds;
  }
  const fields = done.reduce((s, d) => s + d.fields, 0);
  const writerCpuUsPerField = (done.reduce((s, d) => s + d.cpuMs, 0) * 1000) / fields;
  return { fieldsPerSecond: fields / (wallMs / 1000), writerCpuUsPerField, wallMs, perMaster };
}

/** deleteShards deletes a namespace's shard hashes and its own keys (the cluster is the benchmark's own). */
async function deleteNamespace(cluster: Cluster, namespace: string, shards: number): Promise<void> {
  const names = shards === 1 ? [namespace] : Array.from({ length: shards }, (_, s) => shardName(namespace, s));
  for (const n of names) await cluster.del(namespaceKey(n), `${namespaceKey(n)}:writers`, `${namespaceKey(n)}:seen`);
  await cluster.del(`${namespaceKey(namespace)}:shards`, `${namespaceKey(namespace)}:processes`);
}

/** fillNamespace writes `fields` counter fields straight into a namespace's hashes, each in its shard. */
async function fillNamespace(cluster: Cluster, namespace: string, shards: number, fields: number): Promise<void> {
  if (shards > 1) await cluster.set(`${namespaceKey(namespace)}:shards`, String(shards));
  const meta = ['bench_scrape_total:t:', 'c', 'bench_scrape_total:d:', 'A large namespace'];
  const perShard: string[][] = Array.from({ length: shards }, () => []);
  for (let i = 0; i < meta.length; i += 2) perShard[shardOf(meta[i], shards)].push(meta[i], meta[i + 1]);
  const flush = async () => {
    await Promise.all(perShard.map((args, s) => (args.length === 0 ? undefined : cluster.hset(namespaceKey(shards === 1 ? namespace : shardName(namespace, s)), ...args))));
    for (const a of perShard) a.length = 0;
  };
  for (let n = 0; n < fields; n++) {
    const f = `bench_scrape_total::id="${n}"`;
    perShard[shardOf(f, shards)].push(f, String(n));
    if (n % 20_000 === 19_999) await flush();
  }
  await flush();
}

/** scrapeMs times whole scrapes of a namespace, alternating with the other. */
async function scrapeComparison(cluster: Cluster, a: string, b: string, rounds: number): Promise<{ a: number; b: number; linesA: number; linesB: number }> {
  const times: { a: number[]; b: number[] } = { a: [], b: [] };
  let linesA = 0;
  let linesB = 0;
  for (let r = 0; r < rounds; r++) {
    for (const [which, ns] of [['a', a], ['b', b]] as const) {
      const client = new ExpositionClient({ redis: cluster, namespace: ns, timeoutMs: 600_000 });
      const t0 = performance.now();
      const text = await client.expose();
      times[which].push(performance.now() - t0);
      const lines = text.split('\n').length;
      if (which === 'a') linesA = lines;
      else linesB = lines;
    }
  }
  return { a: median(times.a), b: median(times.b), linesA, linesB };
}

/** callCpuUs measures the Redis CPU of one flush script call with an empty batch, in microseconds (INFO commandstats). */
async function callCpuUs(cluster: Cluster, namespace: string, calls: number): Promise<number> {
  new RedisStore(cluster); // defines the flush script's command on the client
  const client = cluster as any;
  const writer = `bench-${process.pid}`;
  const key = namespaceKey(namespace);
  const before = await commandUsec(cluster);
  for (let i = 0; i < calls; i += 1000) {
    const sent: Array<Promise<unknown>> = [];
    for (let j = i; j < Math.min(i + 1000, calls); j++) sent.push(client.instrumentorFlush(key, `${key}:writers`, `${key}:seen`, `${key}:process:${writer}`, writer, j + 1, 86400, '', ''));
    await Promise.all(sent);
  }
  const after = await commandUsec(cluster);
  return (after - before) / calls;
}

/**
 * flushNote says where the CPU of the flush comparison went: the writers'
 * CPU per field with K = 1 and K = 12, the masters' CPU per field, and the
 * least wall time the machine's cores allow for the K = 12 run.
 */
function flushNote(k1: FlushRun[], k12: FlushRun[], fields: number): string {
  const writersK1 = median(k1.map((r) => r.writerCpuUsPerField));
  const writersK12 = median(k12.map((r) => r.writerCpuUsPerField));
  const redisPerField = (runs: FlushRun[]) => median(runs.map((r) => (Object.values(r.perMaster).reduce((s, m) => s + m.cpu, 0) * 1e6) / fields));
  const cores = os.availableParallelism();
  const floorMs = ((writersK12 + redisPerField(k12)) * fields) / 1000 / cores;
  return (
    `${fields.toLocaleString('en-US')} fields a run. Writers' own CPU per field: ${writersK1.toFixed(2)} µs with K = 1, ${writersK12.toFixed(2)} µs with K = 12; ` +
    `Redis CPU per field, all masters: ${redisPerField(k1).toFixed(2)} µs with K = 1 (one master), ${redisPerField(k12).toFixed(2)} µs with K = 12 (three). ` +
    `Wall time with K = 1: ${median(k1.map((r) => r.wallMs)).toFixed(0)} ms; with K = 12: ${median(k12.map((r) => r.wallMs)).toFixed(0)} ms, ` +
    `where writers and masters together need at least ${floorMs.toFixed(0)} ms of ${cores} cores.`
  );
}

/** commandUsec adds the microseconds every master spent in EVALSHA and EVAL so far. */
async function commandUsec(cluster: Cluster): Promise<number> {
  let us = 0;
  for (const node of cluster.nodes('master')) {
    const info = await node.info('commandstats');
    for (const m of info.matchAll(/cmdstat_(?:evalsha|eval):calls=\d+,usec=(\d+)/g)) us += Number(m[1]);
  }
  return us;
}

/** runShards runs the whole benchmark; with `flushOnly` (BENCH_ONLY=shards-flush), only the flush comparison. */
export async function runShards(config: BenchConfig, flushOnly = false): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const series = config.quick ? 5_000 : 20_000;
  const rounds = config.quick ? 3 : 5;
  const runs = config.quick ? 1 : 3;
  const scrapeFields = config.quick ? 50_000 : config.largeFields;
  const scrapeRounds = config.quick ? 1 : 3;
  const details: Record<string, unknown> = { writers: WRITERS, series, rounds, runs, scrapeFields };
  const rows: Row[] = [];

  // 1. the 3-master cluster: flush K = 12 against K = 1, then the scrape comparison
  let local = await startCluster(3);
  let cluster = local.client();
  const threeMasters: FlushRun[] = [];
  try {
    const k1: number[] = [];
    const k12: number[] = [];
    const runsK1: FlushRun[] = [];
    for (let r = 0; r < runs; r++) {
      const one = await flushRun(local, cluster, `flush1-${r}`, 1, series, rounds);
      const twelve = await flushRun(local, cluster, `flush12-${r}`, 12, series, rounds);
      k1.push(one.fieldsPerSecond);
      runsK1.push(one);
      k12.push(twelve.fieldsPerSecond);
      threeMasters.push(twelve);
      await deleteNamespace(cluster, `flush1-${r}`, 1);
      await deleteNamespace(cluster, `flush12-${r}`, 12);
    }
    details.flushK1FieldsPerSecond = k1;
    details.flushK12FieldsPerSecond = k12;
    rows.push({
      id: 'shards-flush',
      title: `Flush of one namespace, K = 12 on a 3-master Cluster (${WRITERS} writer processes)`,
      unit: 'M fields/s',
      ours: median(k12) / 1e6,
      referenceName: 'K = 1, same cluster',
      reference: median(k1) / 1e6,
      target: { op: '>=', ratio: 1.3 },
      note: flushNote(runsK1, threeMasters, series * rounds * WRITERS),
    });
    // one writer process: faster than one master, so K = 1 waits for its master while the writer idles
    const one1: FlushRun[] = [];
    const one12: FlushRun[] = [];
    for (let r = 0; r < runs; r++) {
      one1.push(await flushRun(local, cluster, `oflush1-${r}`, 1, series, rounds * 2, 1));
      one12.push(await flushRun(local, cluster, `oflush12-${r}`, 12, series, rounds * 2, 1));
      await deleteNamespace(cluster, `oflush1-${r}`, 1);
      await deleteNamespace(cluster, `oflush12-${r}`, 12);
    }
    rows.push({
      id: 'shards-flush-one-writer',
      title: 'Flush of one namespace, K = 12 on a 3-master Cluster (1 writer process)',
      unit: 'M fields/s',
      ours: median(one12.map((r) => r.fieldsPerSecond)) / 1e6,
      referenceName: 'K = 1, same cluster',
      reference: median(one1.map((r) => r.fieldsPerSecond)) / 1e6,
      note: flushNote(one1, one12, series * rounds * 2),
    });
    // the Redis side alone: writers that send prepared batches leave the cores to the masters
    const replay1: FlushRun[] = [];
    const replay12: FlushRun[] = [];
    for (let r = 0; r < runs; r++) {
      replay1.push(await flushRun(local, cluster, `rflush1-${r}`, 1, series, rounds * 2, WRITERS, true));
      replay12.push(await flushRun(local, cluster, `rflush12-${r}`, 12, series, rounds * 2, WRITERS, true));
      await deleteNamespace(cluster, `rflush1-${r}`, 1);
      await deleteNamespace(cluster, `rflush12-${r}`, 12);
    }
    rows.push({
      id: 'shards-flush-prepared',
      title: `Flush of prepared batches (the masters' side), K = 12 on a 3-master Cluster (${WRITERS} writer processes)`,
      unit: 'M fields/s',
      ours: median(replay12.map((r) => r.fieldsPerSecond)) / 1e6,
      referenceName: 'K = 1, same cluster',
      reference: median(replay1.map((r) => r.fieldsPerSecond)) / 1e6,
      note: flushNote(replay1, replay12, series * rounds * 2 * WRITERS),
    });
    if (flushOnly) return { rows, details };
    details.callCpuUs = await callCpuUs(cluster, 'calls', config.quick ? 5_000 : 20_000);

    await fillNamespace(cluster, 'scrape1', 1, scrapeFields);
    await fillNamespace(cluster, 'scrape12', 12, scrapeFields);
    const scrape = await scrapeComparison(cluster, 'scrape12', 'scrape1', scrapeRounds);
    if (scrape.linesA !== scrape.linesB) throw new Error(`the sharded scrape has ${scrape.linesA} lines, the unsharded ${scrape.linesB}`);
    details.scrape = scrape;
    rows.push({
      id: 'shards-scrape',
      title: `Scrape of ${scrapeFields.toLocaleString('en-US')} fields, K = 12 on a 3-master Cluster`,
      unit: 'ms',
      ours: scrape.a,
      referenceName: 'K = 1, same cluster',
      reference: scrape.b,
      target: { op: '<=', ratio: 1.1 },
    });
  } finally {
    await cluster.quit().catch(() => cluster.disconnect());
    await local.stop();
  }

  // 2. the capacity model: Redis CPU per flushed field on each master, with 1, 2 and 3 masters (K = 12)
  const model: Array<{ masters: number; fieldsPerSecond: number; cpuUsPerField: number[] }> = [];
  for (const masters of [1, 2, 3]) {
    let result: FlushRun[];
    if (masters === 3) result = threeMasters;
    else {
      local = await startCluster(masters);
      cluster = local.client();
      try {
        result = [];
        for (let r = 0; r < runs; r++) {
          result.push(await flushRun(local, cluster, `model-${r}`, 12, series, rounds));
          await deleteNamespace(cluster, `model-${r}`, 12);
        }
      } finally {
        await cluster.quit().catch(() => cluster.disconnect());
        await local.stop();
      }
    }
    const perMaster = new Map<number, number[]>();
    for (const run of result) for (const [port, m] of Object.entries(run.perMaster)) if (m.fields > 0) (perMaster.get(Number(port)) ?? perMaster.set(Number(port), []).get(Number(port))!).push((m.cpu / m.fields) * 1e6);
    model.push({ masters, fieldsPerSecond: median(result.map((r) => r.fieldsPerSecond)), cpuUsPerField: [...perMaster.values()].map(median) });
  }
  const perField = median(model.flatMap((m) => m.cpuUsPerField));
  details.model = model;
  details.cpuUsPerField = perField;
  const predict = (masters: number) => masters / (perField / 1e6) / 1e6;
  details.predicted = { 10: predict(10), 30: predict(30) };
  rows.push({
    id: 'shards-model',
    title: 'Capacity model: Redis CPU per flushed field per master (1, 2, 3 masters, K = 12)',
    unit: 'µs',
    ours: perField,
    referenceName: '-',
    reference: null,
    note:
      `per master and run: ${model.map((m) => `${m.masters} master(s): ${m.cpuUsPerField.map((x) => x.toFixed(2)).join(', ')} µs/field, ${(m.fieldsPerSecond / 1e6).toFixed(2)} M fields/s measured`).join('; ')}. ` +
      `One script call costs ${Number(details.callCpuUs).toFixed(1)} µs of Redis CPU. Predicted ceiling with one core per master: ` +
      `${predict(10).toFixed(1)} M fields/s on 10 masters, ${predict(30).toFixed(1)} M fields/s on 30 (fields spread evenly, writers not the limit).`,
  });
  return { rows, details };
}
