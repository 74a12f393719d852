// @ts-nocheck
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { Cluster } from 'ioredis';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { needPrograms } from '../support/binaries';
import { OwnedRedis, startRedis, waitFor } from '../support/redisServer';

describe('Redis Cluster (three real cluster nodes the test owns)', function () {
  this.timeout(60_000);
  const nodes: OwnedRedis[] = [];
  let cluster: Cluster;

  before(async function () {
    needPrograms(this, 'redis-server', 'redis-cli');
    for (let i = 0; i < 3; i++) nodes.push(await startRedis(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf']));
    const create = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    expect(create.status, create.stdout + create.stderr).to.equal(0);
    await waitFor(() =>
      nodes.every((n) => spawnSync('redis-cli', ['-p', String(n.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes('cluster_state:ok')),
    );
    cluster = new Cluster(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })));
  });

  after(async () => {
    if (cluster) await cluster.quit().catch(() => cluster.disconnect());
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('should flush and expose namespaces whose keys hash to different nodes', async () => {
    const namespaces = ['shop', 'billing', 'search', 'mail', 'auth', 'ledger'];
    for (const namespace of namespaces) {
      const registry = new CollectorRegistry({ redis: cluster, namespace, flushIntervalMs: 0 });
      const c = registry.register(new Counter({ name: 'orders_total', description: 'Orders', allowedLabels: ['ns'] }));
      const h = registry.register(new Histogram({ name: 'order_seconds', description: 'Latency', buckets: [1] }));
      for (let i = 0; i < 3000; i++) c.inc({ ns: `${namespace}-${i % 3}` });
      h.observe(0.5);
      expect(await registry.flush(), namespace).to.equal(true);
      c.inc({ ns: `${namespace}-0` });
      expect(await registry.close(), namespace).to.equal(true);
    }
    for (const namespace of namespaces) {
      const text = await new ExpositionClient({ redis: cluster, namespace }).expose();
      expect(text, namespace).to.contain(`orders_total{ns="${namespace}-0"} 1001\n`);
      expect(text, namespace).to.contain(`orders_total{ns="${namespace}-2"} 1000\n`);
      expect(text, namespace).to.contain('order_seconds_count 1\n');
    }
    const perNode = await Promise.all(cluster.nodes('master').map((n) => n.dbsize()));
    expect(perNode.filter((n) => n > 0).length, 'namespaces spread over the nodes').to.be.greaterThan(1);
  });
});
