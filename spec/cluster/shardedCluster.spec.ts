import { expect } from 'chai';
import { fork } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Cluster } from 'ioredis';
import { namespaceKey, shardsKey } from '../../lib/codec/field';
import { shardName } from '../../lib/codec/shard';
import { ShardCountError } from '../../lib/errors/ShardCountError';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { createMetricsHandler, MetricsHandler } from '../../lib/server/createMetricsHandler';
import { needPrograms } from '../support/binaries';
import { LocalCluster, startCluster } from '../support/localCluster';
import { stopped } from '../support/processes';

/** runShardWorker runs spec/fixtures/shardWorker.ts to the end and resolves to its last message. */
function runShardWorker(ports: number[], namespace: string, shards: number, iterations: number): Promise<{ done: number; ok: boolean; errors: object }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.resolve('spec/fixtures/shardWorker.ts'), [ports.join(','), namespace, String(shards), String(iterations)], {
      execArgv: ['--require', 'tsx/cjs'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let last: any;
    child.on('message', (m) => (last = m));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && last?.done !== undefined ? resolve(last) : reject(new Error(`shard worker exited with ${code}`))));
  });
}

/** total adds the samples of a family's series in a text exposition. */
function total(text: string, sample: string): number {
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(sample + '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

describe('sharded namespaces on a Redis Cluster of three masters the test owns', function () {
  this.timeout(90_000);
  let local: LocalCluster;
  let cluster: Cluster;

  before(async function () {
    needPrograms(this, 'redis-server', 'redis-cli');
    local = await startCluster(3, 0, ['--cluster-node-timeout', '1000', '--cluster-require-full-coverage', 'no']);
    cluster = local.client();
  });

  after(async () => {
    if (cluster) await cluster.quit().catch(() => cluster.disconnect());
    await local?.stop();
  });

  it('should put the shards of one namespace on every master and read back exact totals written by several processes', async () => {
    const namespace = 'shop';
    const workers = await Promise.all([0, 1, 2].map(() => runShardWorker(local.ports, namespace, 12, 20_000)));
    for (const w of workers) expect(w.ok, JSON.stringify(w)).to.equal(true);
    const masters = new Set<number>();
    for (let s = 0; s < 12; s++) {
      const key = namespaceKey(shardName(namespace, s));
      expect(await cluster.hlen(key), key).to.be.greaterThan(0);
      masters.add(local.masterOf(key));
    }
    expect(masters.size, 'the 12 shards sit on all three masters').to.equal(3);
    expect(await cluster.get(shardsKey(namespace))).to.equal('12');
    const text = await new ExpositionClient({ redis: cluster, namespace }).expose();
    expect(total(text, 'ops_total')).to.equal(60_000);
    expect(total(text, 'op_bytes_count')).to.equal(60_000);
    expect(text).to.contain('ops_total{series="s0"} 1251\n');
  });

  it('should report a ShardCountError to a writer configured with another K', async () => {
    const errors: Error[] = [];
    const registry = new CollectorRegistry({ redis: cluster, namespace: 'shop', shards: 6, flushIntervalMs: 0, onError: (e) => errors.push(e) });
    try {
      registry.register(new Counter({ name: 'ops_total', description: 'Operations', allowedLabels: ['series'] })).inc({ series: 's0' });
      expect(await registry.flush()).to.equal(false);
      const error = errors.find((e) => e instanceof ShardCountError) as ShardCountError;
      expect([error?.stored, error?.configured]).to.deep.equal([12, 6]);
    } finally {
      await registry.close(100);
    }
  });

  it('should answer 503, never partial counts, while one shard cannot be read', async () => {
    let handler: MetricsHandler | undefined;
    let server: Server | undefined;
    try {
      handler = createMetricsHandler({ redis: cluster, namespaces: ['shop'], readTimeoutMs: 3000 });
      server = createServer(handler);
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics/shop`;
      const before = await fetch(url);
      expect(before.status).to.equal(200);
      expect(total(await before.text(), 'ops_total')).to.equal(60_000);
      // the master of shard 0 goes away; the other masters still serve their shards
      const masters = [...Array(12).keys()].map((s) => local.masterOf(namespaceKey(shardName('shop', s))));
      const port = masters[0];
      const other = masters.find((p) => p !== port)!;
      const node = local.nodes.find((n) => n.port === port)!;
      await stopped(node.process);
      expect(local.cli(other, 'ping').trim()).to.equal('PONG');
      const during = await fetch(url);
      const body = await during.text();
      expect(during.status, body).to.equal(503);
      expect(body).to.match(/^cannot read the metrics/).and.not.to.contain('ops_total');
    } finally {
      server?.close();
      await handler?.close();
    }
  });
});
