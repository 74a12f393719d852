import { expect } from 'chai';
import { ConfigError } from '../../lib/errors/ConfigError';
import { configFromEnv, readConfigFile, resolveServerConfig } from '../../lib/server/config';
import { isClusterSeeds, RedisConnection } from '../../lib/store/RedisConnection';
import { checkTopology, parseNodes, topologyInput } from '../../lib/store/redisTopology';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Cluster } from 'ioredis';

describe('redisTopology', () => {
  it('should give ioredis the sentinels\' password, and TLS to sentinels and data nodes for rediss:// sentinels, with the configured TLS options', async () => {
    const plain = topologyInput({ redis: 'redis://x', sentinels: ['10.0.0.1'], sentinelMaster: 'm', sentinelPassword: 's3cret' }) as Record<string, unknown>;
    expect(plain).to.deep.include({ sentinelPassword: 's3cret', name: 'm' });
    expect(plain).to.not.have.property('sentinelTLS');
    expect(() => checkTopology({ redis: 'redis://x', sentinelPassword: 's3cret' })).to.throw(ConfigError, /sentinelPassword/);
    const input = topologyInput({ redis: 'redis://x', sentinels: ['rediss://user:pw@10.0.0.1:26380'], sentinelMaster: 'm' });
    expect(input).to.deep.include({ username: 'user', password: 'pw', tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true });
    const tls = { ca: 'CA PEM', servername: 'redis.internal' };
    const sentinel = new RedisConnection(input, 'command', 5000, tls);
    const cluster = new RedisConnection(topologyInput({ redis: 'redis://x', redisCluster: ['rediss://10.0.0.1:7000'] }), 'command', 5000, tls);
    try {
      const o = (sentinel.client as any).options;
      expect(o.tls).to.deep.equal(tls);
      expect(o.sentinelTLS).to.deep.equal(tls);
      expect(o.enableTLSForSentinelMode).to.equal(true);
      expect((cluster.client as any).options.redisOptions.tls).to.deep.equal(tls);
    } finally {
      await sentinel.close();
      await cluster.close();
    }
    const config = resolveServerConfig(undefined, configFromEnv({ INSTRUMENTOR_SENTINELS: 'a,b', INSTRUMENTOR_SENTINEL_MASTER: 'm', INSTRUMENTOR_SENTINEL_PASSWORD: 'pw2', INSTRUMENTOR_NAMESPACES: 'x' }));
    expect(config.sentinelPassword).to.equal('pw2');
  });

  it('should read nodes as host:port, [v6]:port or URLs, with a default port', () => {
    expect(parseNodes(['a:7000', '[::1]:7001', 'redis://u:p%40ss@b:7002', 'c'], 'redisCluster')).to.deep.equal([
      { host: 'a', port: 7000, tls: false },
      { host: '::1', port: 7001, tls: false },
      { host: 'b', port: 7002, username: 'u', password: 'p@ss', tls: false },
      { host: 'c', port: 6379, tls: false },
    ]);
    expect(parseNodes(['s'], 'sentinels', 26379)[0].port).to.equal(26379);
    expect(() => parseNodes(['a:b:c'], 'redisCluster')).to.throw(ConfigError, 'redisCluster');
    expect(() => parseNodes(['a:7000/2'], 'redisCluster')).to.throw(ConfigError, 'not host:port');
    expect(() => parseNodes([], 'sentinels')).to.throw(ConfigError, 'at least one');
  });

  it('should make Cluster seeds, Sentinel options or a URL, reading replicas when asked', () => {
    const redis = 'redis://127.0.0.1:6379';
    expect(topologyInput({ redis, redisCluster: ['a:1', 'b:2'], readFrom: 'replica' })).to.deep.equal({
      clusterNodes: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }],
      readFrom: 'replica',
      redisOptions: {},
    });
    expect(topologyInput({ redis, sentinels: ['rediss://u:pw@s1', 's2:26380'], sentinelMaster: 'm', readFrom: 'replica' })).to.deep.equal({
      sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }],
      name: 'm',
      role: 'slave',
      username: 'u',
      password: 'pw',
      tls: {},
      sentinelTLS: {},
      enableTLSForSentinelMode: true,
    });
    expect(topologyInput({ redis, sentinels: ['s'], sentinelMaster: 'm' })).to.include({ role: 'master' });
    expect(topologyInput({ redis })).to.equal(redis);
    expect(topologyInput({ redis, redisReplica: 'redis://replica:6380' })).to.equal('redis://replica:6380');
  });

  it('should refuse a topology that names two deployments or cannot read where asked', () => {
    const redis = 'redis://127.0.0.1:6379';
    const refused = [
      [{ redis, redisCluster: ['a:1'], sentinels: ['b:2'], sentinelMaster: 'm' }, 'either a Redis Cluster or Sentinel'],
      [{ redis, sentinels: ['b:2'] }, 'master name'],
      [{ redis, sentinelMaster: 'm' }, 'only with sentinels'],
      [{ redis, redisCluster: ['a:1'], redisReplica: 'redis://r' }, 'standalone'],
      [{ redis, readFrom: 'replica' as const }, 'replica needs'],
      [{ redis, redisReplica: 'redis://r', readFrom: 'master' as const }, 'readFrom replica'],
      [{ redis, readFrom: 'slave' as never }, 'master, replica'],
    ] as const;
    for (const [t, message] of refused) expect(() => checkTopology(t), message).to.throw(ConfigError, message);
  });

  it('should take the topology from the file, the environment and the options', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-topology-'));
    try {
      const file = path.join(dir, 'c.json');
      writeFileSync(file, JSON.stringify({ namespaces: ['a'], redisCluster: ['n1:7000', 'n2:7000'], readFrom: 'replica' }));
      const fromFile = resolveServerConfig(readConfigFile(file));
      expect(fromFile).to.include({ readFrom: 'replica' });
      expect(fromFile.redisCluster).to.deep.equal(['n1:7000', 'n2:7000']);
      writeFileSync(file, JSON.stringify({ namespaces: ['a'], redisCluster: 'n1:7000' }));
      expect(() => readConfigFile(file)).to.throw(ConfigError, 'redisCluster');
      const env = configFromEnv({ INSTRUMENTOR_SENTINELS: 's1:26379, s2', INSTRUMENTOR_SENTINEL_MASTER: 'm', INSTRUMENTOR_READ_FROM: 'replica', INSTRUMENTOR_NAMESPACES: 'a' });
      expect(env).to.deep.include({ sentinels: ['s1:26379', 's2'], sentinelMaster: 'm', readFrom: 'replica' });
      expect(configFromEnv({ INSTRUMENTOR_REDIS_CLUSTER: 'a:1,b:2', INSTRUMENTOR_REDIS_REPLICA_URL: 'redis://r' })).to.deep.include({ redisCluster: ['a:1', 'b:2'], redisReplica: 'redis://r' });
      expect(resolveServerConfig({ namespaces: ['a'], redisReplica: 'redis://r:6380' }).readFrom).to.equal('replica');
      expect(resolveServerConfig({ namespaces: ['a'] }).readFrom).to.equal('master');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should make a Cluster from seeds in RedisConnection, reading replicas with scaleReads slave', async () => {
    const seeds = { clusterNodes: [{ host: '127.0.0.1', port: 1 }], readFrom: 'replica' as const };
    expect(isClusterSeeds(seeds)).to.equal(true);
    expect(isClusterSeeds({ host: 'a' })).to.equal(false);
    const connection = new RedisConnection(seeds, 'command');
    try {
      expect(connection.client).to.be.instanceOf(Cluster);
      expect((connection.client as Cluster).options).to.include({ scaleReads: 'slave', lazyConnect: true });
    } finally {
      await connection.close();
    }
    expect(() => new RedisConnection({ clusterNodes: [] })).to.throw(TypeError, 'clusterNodes');
  });
});

describe('docs/scaling.md', () => {
  const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'scaling.md'), 'utf8');

  it('should show configuration files the server reads, each naming one topology', () => {
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).to.have.length(4);
    const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-scaling-'));
    try {
      const ca = path.join(dir, 'ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
      for (const block of blocks) {
        const file = path.join(dir, 'c.json');
        writeFileSync(file, block.replace('/etc/instrumentor/redis-ca.pem', ca));
        const config = resolveServerConfig(readConfigFile(file));
        expect(config.readFrom, block).to.equal('replica');
        expect(topologyInput({ ...config })).to.not.equal(undefined);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should list every topology setting the environment gives', () => {
    const source = readFileSync(path.join(__dirname, '..', '..', 'lib', 'server', 'config.ts'), 'utf8');
    for (const name of ['INSTRUMENTOR_REDIS_CLUSTER', 'INSTRUMENTOR_SENTINELS', 'INSTRUMENTOR_SENTINEL_MASTER', 'INSTRUMENTOR_SENTINEL_PASSWORD', 'INSTRUMENTOR_REDIS_REPLICA_URL', 'INSTRUMENTOR_READ_FROM']) {
      expect(source, name).to.contain(`'${name}'`);
      expect(doc, name).to.contain('`' + name);
    }
    expect(doc).to.contain('## Sharded namespaces').and.to.contain('### Changing the number of shards');
  });
});
