import { expect } from 'chai';
import type { Cluster } from 'ioredis';
import { namespaceKey } from '../../lib/codec/field';
import { shardName, shardOf } from '../../lib/codec/shard';
import { ShardWriteError } from '../../lib/errors/ShardWriteError';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { needPrograms } from '../support/binaries';
import { LocalCluster, startCluster } from '../support/localCluster';
import { waitFor } from '../support/redisServer';

const SHARDS = 12;
const SERIES = Array.from({ length: 48 }, (_, i) => `s${i}`);
const field = (s: string) => `hits_total::series="${s}"`;

describe('a sharded namespace on a Redis Cluster whose master of some shards hangs (SIGSTOP)', function () {
  this.timeout(120_000);
  let local: LocalCluster;
  let cluster: Cluster;
  let registry: CollectorRegistry | undefined;
  let stoppedPid: number | undefined;

  before(async function () {
    needPrograms(this, 'redis-server', 'redis-cli');
    local = await startCluster(3, 0, ['--cluster-node-timeout', '1000', '--cluster-require-full-coverage', 'no']);
    cluster = local.client({ clusterRetryStrategy: () => 200, redisOptions: { connectTimeout: 1000 } });
  });

  after(async () => {
    if (stoppedPid !== undefined) process.kill(stoppedPid, 'SIGCONT');
    await registry?.close(5000);
    if (cluster) await cluster.quit().catch(() => cluster.disconnect());
    await local?.stop();
  });

  it('should keep delivering to the shards on the other masters, and deliver the held shards exactly once when their master answers again', async () => {
    const namespace = 'hang';
    const errors: Error[] = [];
    registry = new CollectorRegistry({ redis: cluster, namespace, shards: SHARDS, flushIntervalMs: 100, flushTimeoutMs: 500, maxRetryDelayMs: 500, onError: (e) => errors.push(e) });
    const hits = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['series'] }));
    for (const s of SERIES) hits.inc({ series: s });
    expect(await registry.flush()).to.equal(true);

    const masterOf = (s: number) => local.masterOf(namespaceKey(shardName(namespace, s)));
    const hung = masterOf(0);
    const heldShards = new Set([...Array(SHARDS).keys()].filter((s) => masterOf(s) === hung));
    expect(heldShards.size, 'the hung master holds some shards, not all').to.be.within(1, SHARDS - 1);
    const heldSeries = SERIES.filter((s) => heldShards.has(shardOf(field(s), SHARDS)));
    const freeSeries = SERIES.filter((s) => !heldShards.has(shardOf(field(s), SHARDS)));
    expect(heldSeries).to.not.be.empty;
    expect(freeSeries).to.not.be.empty;

    const node = local.nodes.find((n) => n.port === hung)!;
    stoppedPid = node.process.pid!;
    process.kill(stoppedPid, 'SIGSTOP');
    for (const s of SERIES) hits.inc({ series: s });
    const onHeldShards = (e: Error) => e instanceof ShardWriteError && e.shards.every((name) => heldShards.has(Number(name.slice(name.lastIndexOf('#') + 1))));
    await waitFor(() => errors.some(onHeldShards), 20_000);

    // later counts reach the shards on the two masters that answer while the third master still hangs
    for (let round = 0; round < 3; round++) for (const s of SERIES) hits.inc({ series: s });
    const valueOf = (s: string) => cluster.hget(namespaceKey(shardName(namespace, shardOf(field(s), SHARDS))), field(s));
    await waitFor(async () => (await Promise.all(freeSeries.map(valueOf))).every((v) => v === '5'), 20_000);
    expect(registry.status().pendingBatches, 'batches held for the hung shards').to.be.greaterThan(0);
    expect(errors.filter((e) => e instanceof ShardWriteError).every(onHeldShards), 'only the hung shards fail').to.equal(true);

    // more counts while it still hangs, then it answers again
    for (const s of SERIES) hits.inc({ series: s });
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(stoppedPid, 'SIGCONT');
    stoppedPid = undefined;
    await waitFor(async () => registry!.status().pendingBatches === 0 && (await registry!.flush()), 30_000);

    const text = await new ExpositionClient({ redis: cluster, namespace }).expose();
    for (const s of SERIES) expect(text, s).to.contain(`hits_total{series="${s}"} 6\n`);
  });
});
