import { expect } from 'chai';
import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import type { Cluster } from 'ioredis';
import { namespaceKey } from '../../lib/codec/field';
import { shardName } from '../../lib/codec/shard';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { needPrograms } from '../support/binaries';
import { LocalCluster, startCluster } from '../support/localCluster';
import { stopped } from '../support/processes';
import { waitFor } from '../support/redisServer';

interface Report {
  done: number;
  ok: boolean;
  errors: Record<string, number>;
}

/** A shard worker (spec/fixtures/shardWorker.ts) recording until told to stop. */
function startWorker(ports: number[], namespace: string, shards: number): { child: ChildProcess; started: Promise<void>; report: Promise<Report> } {
  const child = fork(path.resolve('spec/fixtures/shardWorker.ts'), [ports.join(','), namespace, String(shards), '0'], {
    execArgv: ['--require', 'tsx/cjs'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  const report = new Promise<Report>((resolve, reject) => {
    let last: any;
    child.on('message', (m: any) => {
      if (m?.started) started();
      else last = m;
    });
    child.on('exit', (code) => (code === 0 && last !== undefined ? resolve(last) : reject(new Error(`worker exited with ${code}`))));
  });
  return { child, started: startedP, report };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** total adds the samples of a family's series in a text exposition. */
function total(text: string, sample: string): number {
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(sample + '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

describe('failover drill: 4 processes record at full speed into a namespace of 12 shards on 3 masters with a replica each', function () {
  this.timeout(180_000);
  let local: LocalCluster;
  let cluster: Cluster;
  const workers: Array<ReturnType<typeof startWorker>> = [];

  before(async function () {
    needPrograms(this, 'redis-server', 'redis-cli');
    local = await startCluster(3, 1, ['--cluster-node-timeout', '1000']);
    cluster = local.client();
  });

  after(async () => {
    for (const w of workers) await stopped(w.child);
    if (cluster) await cluster.quit().catch(() => cluster.disconnect());
    await local?.stop();
  });

  it('should count every update exactly once across a CLUSTER FAILOVER and a SIGKILL of a master', async () => {
    const namespace = 'drill';
    const masterOfShard = (s: number) => local.masterOf(namespaceKey(shardName(namespace, s)));
    const replicaOf = (master: number) => {
      const id = local.cli(master, 'cluster', 'myid').trim();
      const line = local.cli(master, 'cluster', 'nodes').split('\n').find((l) => l.split(' ')[3] === id && l.split(' ')[2].includes('slave'));
      return Number(/:(\d+)@/.exec(line!.split(' ')[1])![1]);
    };
    for (let i = 0; i < 4; i++) workers.push(startWorker(local.ports, namespace, 12));
    await Promise.all(workers.map((w) => w.started));
    await sleep(1500);

    // 1. a coordinated failover: the replica of shard 0's master takes over
    const first = masterOfShard(0);
    const promoted = replicaOf(first);
    expect(local.cli(promoted, 'cluster', 'failover').trim()).to.equal('OK');
    await waitFor(() => masterOfShard(0) === promoted, 20_000);
    await sleep(1500);

    // 2. a master dies: SIGKILL of the master of a shard on another master; its replica is promoted
    const s2 = [...Array(12).keys()].find((s) => masterOfShard(s) !== promoted)!;
    const victim = masterOfShard(s2);
    const heir = replicaOf(victim);
    const node = local.nodes.find((n) => n.port === victim)!;
    node.process.kill('SIGKILL');
    await waitFor(() => local.cli(heir, 'role').startsWith('master'), 30_000);
    await waitFor(() => local.nodes.filter((n) => n.port !== victim).every((n) => local.cli(n.port, 'cluster', 'info').includes('cluster_state:ok')), 30_000);
    await sleep(2000);

    for (const w of workers) w.child.send('stop');
    const reports = await Promise.all(workers.map((w) => w.report));
    const recorded = reports.reduce((sum, r) => sum + r.done, 0);
    for (const r of reports) expect(r.ok, JSON.stringify(r)).to.equal(true);
    const text = await new ExpositionClient({ redis: cluster, namespace }).expose();
    console.log(`      recorded ${recorded} updates in 4 processes; errors reported on the way: ${JSON.stringify(reports.map((r) => r.errors))}`);
    expect(recorded).to.be.greaterThan(10_000);
    expect(total(text, 'ops_total')).to.equal(recorded);
    expect(total(text, 'op_bytes_count')).to.equal(recorded);
  });
});
