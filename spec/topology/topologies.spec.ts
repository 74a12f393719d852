import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import Redis, { Cluster } from 'ioredis';
import { runCli } from '../../lib/cli/program';
import type { CliIO } from '../../lib/cli/io';
import { namespaceKey } from '../../lib/codec/field';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { aclRules } from '../../lib/store/acl';
import { needPrograms } from '../support/binaries';
import { killed } from '../support/processes';
import { freePort, OwnedRedis, startRedis, waitFor } from '../support/redisServer';

/** A `serve` run in this process on a free port, stopped by `stop`. */
interface Served {
  port: number;
  output(): string;
  get(p: string): Promise<{ status: number; text: string }>;
  stop(): Promise<number>;
}

async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const port = await freePort();
  let signal!: (s: string) => void;
  let out = '';
  let finished: number | undefined;
  const io: CliIO = {
    out: (t) => (out += t),
    err: (t) => (out += t),
    stdin: Readable.from([]),
    env,
    stopSignal: new Promise<string>((r) => (signal = r)),
  };
  const done = runCli(['serve', '--host', '127.0.0.1', '--port', String(port), ...args], io).then((s) => (finished = s));
  const served: Served = {
    port,
    output: () => out,
    async get(p) {
      const res = await fetch(`http://127.0.0.1:${port}${p}`);
      return { status: res.status, text: await res.text() };
    },
    async stop() {
      signal('SIGTERM');
      return done;
    },
  };
  try {
    await waitFor(() => out.includes('msg=listening') || finished !== undefined, 20_000);
  } catch (err) {
    await served.stop();
    throw err;
  }
  expect(finished, out).to.equal(undefined);
  return served;
}

async function record(redis: string | Redis, namespace: string, n: number): Promise<void> {
  const registry = new CollectorRegistry({ redis, namespace, flushIntervalMs: 0 });
  const c = registry.register(new Counter({ name: 'orders_total', description: 'Orders', allowedLabels: ['method'] }));
  c.inc({ method: 'card' }, n);
  expect(await registry.close()).to.equal(true);
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; out: string }> {
  let out = '';
  const status = await runCli(args, { out: (t) => (out += t), err: (t) => (out += t), stdin: Readable.from([]), env });
  return { status, out };
}

function infoField(port: number, section: string, field: string): string | undefined {
  const info = spawnSync('redis-cli', ['-p', String(port), 'info', section], { encoding: 'utf8' }).stdout;
  return new RegExp(`^${field}:(.*)\\r?$`, 'm').exec(info)?.[1]?.trim();
}

/** startReplica starts a replica of `master` and waits until its link is up. */
async function startReplica(master: OwnedRedis): Promise<OwnedRedis> {
  const replica = await startRedis(['--replicaof', '127.0.0.1', String(master.port)]);
  await waitFor(() => infoField(replica.port, 'replication', 'master_link_status') === 'up', 20_000);
  return replica;
}

/** readReplicated waits (bounded) until the replica's copy of the namespace equals the master's. */
async function waitReplicated(master: OwnedRedis, replica: OwnedRedis, namespace: string): Promise<Record<string, string>> {
  const m = new Redis(master.port, '127.0.0.1');
  const r = new Redis(replica.port, '127.0.0.1');
  try {
    const expected = await m.hgetall(namespaceKey(namespace));
    expect(Object.keys(expected)).to.not.be.empty;
    await waitFor(async () => JSON.stringify(await r.hgetall(namespaceKey(namespace))) === JSON.stringify(expected), 10_000);
    return expected;
  } finally {
    m.disconnect();
    r.disconnect();
  }
}

describe('Redis topologies in the configuration (real servers the spec starts)', function () {
  this.timeout(90_000);

  describe('a standalone Redis with a replica', () => {
    let master: OwnedRedis;
    let replica: OwnedRedis;

    before(async function () {
      needPrograms(this, 'redis-server', 'redis-cli');
      master = await startRedis();
      replica = await startReplica(master);
      // the reader's ACL user, on the replica only: the server can read and nothing else
      const r = new Redis(replica.port, '127.0.0.1');
      try {
        await r.call('ACL', 'SETUSER', 'scraper', 'on', '>scrape-secret', ...aclRules('reader', ['topo-replica']).split(' '));
      } finally {
        r.disconnect();
      }
    });

    after(async () => {
      await replica?.stop();
      await master?.stop();
    });

    it('should serve the replica\'s copy, equal to the master\'s, as the read-only ACL user', async () => {
      await record(master.url, 'topo-replica', 7);
      await waitReplicated(master, replica, 'topo-replica');
      const server = await serve(
        ['--redis', master.url, '--redis-replica', `redis://scraper:scrape-secret@127.0.0.1:${replica.port}`, '--read-from', 'replica', '--namespace', 'topo-replica'],
      );
      try {
        const res = await server.get('/metrics/topo-replica');
        expect(res.status, res.text).to.equal(200);
        expect(res.text).to.contain('orders_total{method="card"} 7\n');
        expect((await server.get('/healthz')).status).to.equal(200);
        await record(master.url, 'topo-replica', 5);
        await waitReplicated(master, replica, 'topo-replica');
        expect((await server.get('/metrics/topo-replica')).text).to.contain('orders_total{method="card"} 12\n');
      } finally {
        expect(await server.stop(), server.output()).to.equal(0);
      }
    });

    it('should take the replica from the environment and the file, and refuse readFrom replica without one', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-topology-'));
      try {
        const file = path.join(dir, 'config.json');
        writeFileSync(file, JSON.stringify({ redis: master.url, redisReplica: `redis://scraper:scrape-secret@127.0.0.1:${replica.port}`, namespaces: ['topo-replica'] }));
        const fromFile = await serve(['--config', file]);
        try {
          expect((await fromFile.get('/metrics/topo-replica')).text).to.contain('orders_total{method="card"}');
        } finally {
          await fromFile.stop();
        }
        const fromEnv = await serve([], {
          INSTRUMENTOR_REDIS_URL: master.url,
          INSTRUMENTOR_REDIS_REPLICA_URL: `redis://scraper:scrape-secret@127.0.0.1:${replica.port}`,
          INSTRUMENTOR_READ_FROM: 'replica',
          INSTRUMENTOR_NAMESPACES: 'topo-replica',
        });
        try {
          expect((await fromEnv.get('/metrics/topo-replica')).text).to.contain('orders_total{method="card"}');
        } finally {
          await fromEnv.stop();
        }
        const refused = await cli(['serve', '--redis', master.url, '--read-from', 'replica', '--namespace', 'x']);
        expect(refused.status).to.equal(2);
        expect(refused.out).to.contain('readFrom');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('Sentinel (a real redis-sentinel)', () => {
    let master: OwnedRedis;
    let replica: OwnedRedis;
    let sentinel: ReturnType<typeof spawn> | undefined;
    let sentinelPort: number;
    let guarded: ReturnType<typeof spawn> | undefined;
    let guardedPort: number;
    let dir: string | undefined;

    before(async function () {
      needPrograms(this, 'redis-server', 'redis-cli', 'redis-sentinel');
      master = await startRedis();
      replica = await startReplica(master);
      sentinelPort = await freePort();
      dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-sentinel-'));
      const conf = path.join(dir, 'sentinel.conf');
      writeFileSync(
        conf,
        [`port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor topo 127.0.0.1 ${master.port} 1`, 'sentinel down-after-milliseconds topo 2000', ''].join('\n'),
      );
      sentinel = spawn('redis-sentinel', [conf], { stdio: 'ignore' });
      // a second sentinel that wants a password of its own
      guardedPort = await freePort();
      const guardedConf = path.join(dir, 'guarded.conf');
      writeFileSync(
        guardedConf,
        [`port ${guardedPort}`, 'bind 127.0.0.1', `dir ${dir}`, 'requirepass sentinel-secret', `sentinel monitor topo 127.0.0.1 ${master.port} 1`, 'sentinel down-after-milliseconds topo 2000', ''].join('\n'),
      );
      guarded = spawn('redis-sentinel', [guardedConf], { stdio: 'ignore' });
      // the sentinel learns the replica from the master's INFO
      await waitFor(() => {
        const out = spawnSync('redis-cli', ['-p', String(sentinelPort), 'sentinel', 'replicas', 'topo'], { encoding: 'utf8' }).stdout;
        return out.includes(String(replica.port));
      }, 30_000);
    });

    after(async () => {
      if (sentinel) await killed(sentinel);
      if (guarded) await killed(guarded);
      await replica?.stop();
      await master?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('should serve the master or a replica the sentinels name, and dump through them', async () => {
      await record(master.url, 'topo-sentinel', 3);
      await waitReplicated(master, replica, 'topo-sentinel');
      for (const readFrom of ['master', 'replica']) {
        const server = await serve(['--sentinels', `127.0.0.1:${sentinelPort}`, '--sentinel-master', 'topo', '--read-from', readFrom, '--namespace', 'topo-sentinel']);
        try {
          const res = await server.get('/metrics/topo-sentinel');
          expect(res.status, res.text).to.equal(200);
          expect(res.text, readFrom).to.contain('orders_total{method="card"} 3\n');
        } finally {
          expect(await server.stop(), server.output()).to.equal(0);
        }
      }
      const dump = await cli(['dump', 'topo-sentinel'], { INSTRUMENTOR_SENTINELS: `127.0.0.1:${sentinelPort}`, INSTRUMENTOR_SENTINEL_MASTER: 'topo' });
      expect(dump.status, dump.out).to.equal(0);
      expect(dump.out).to.match(/orders_total::method="card" +3\n/);
      const missing = await cli(['dump', 'topo-sentinel', '--sentinels', `127.0.0.1:${sentinelPort}`]);
      expect(missing.status).to.equal(2);
      expect(missing.out).to.contain('sentinelMaster');
    });

    it('should reach sentinels that want a password with sentinelPassword, from the environment, a flag or the file', async () => {
      await record(master.url, 'topo-guarded', 2);
      await waitFor(() => spawnSync('redis-cli', ['-p', String(guardedPort), '-a', 'sentinel-secret', '--no-auth-warning', 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 10_000);
      const server = await serve(['--sentinels', `127.0.0.1:${guardedPort}`, '--sentinel-master', 'topo', '--namespace', 'topo-guarded'], { INSTRUMENTOR_SENTINEL_PASSWORD: 'sentinel-secret' });
      try {
        const res = await server.get('/metrics/topo-guarded');
        expect(res.status, res.text).to.equal(200);
        expect(res.text).to.contain('orders_total{method="card"} 2\n');
      } finally {
        expect(await server.stop(), server.output()).to.equal(0);
      }
      const flag = await cli(['dump', 'topo-guarded', '--sentinels', `127.0.0.1:${guardedPort}`, '--sentinel-master', 'topo', '--sentinel-password', 'sentinel-secret']);
      expect(flag.status, flag.out).to.equal(0);
      expect(flag.out).to.match(/orders_total::method="card" +2\n/);
      const file = path.join(dir!, 'guarded.json');
      writeFileSync(file, JSON.stringify({ sentinels: [`127.0.0.1:${guardedPort}`], sentinelMaster: 'topo', sentinelPassword: 'sentinel-secret', namespaces: ['topo-guarded'] }));
      const fromFile = await serve(['--config', file]);
      try {
        expect((await fromFile.get('/metrics/topo-guarded')).status).to.equal(200);
      } finally {
        expect(await fromFile.stop(), fromFile.output()).to.equal(0);
      }
      const without = await cli(['dump', 'topo-guarded', '--sentinels', `127.0.0.1:${guardedPort}`, '--sentinel-master', 'topo']);
      expect(without.status, without.out).to.equal(1);
      expect(without.out).to.not.contain('sentinel-secret');
    });
  });

  describe('Redis Cluster seeds', () => {
    const nodes: OwnedRedis[] = [];

    before(async function () {
      needPrograms(this, 'redis-server', 'redis-cli');
      // three masters and a replica of each
      for (let i = 0; i < 6; i++) nodes.push(await startRedis(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf']));
      const create = spawnSync(
        'redis-cli',
        ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'],
        { encoding: 'utf8' },
      );
      expect(create.status, create.stdout + create.stderr).to.equal(0);
      await waitFor(() => nodes.every((n) => infoField(n.port, 'cluster', 'cluster_enabled') === '1' && spawnSync('redis-cli', ['-p', String(n.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes('cluster_state:ok')), 20_000);
      await waitFor(() => replicas().length === 3 && replicas().every((n) => infoField(n.port, 'replication', 'master_link_status') === 'up'), 20_000);
      // every master's view of the cluster lists the replicas (a client asks a master for CLUSTER SLOTS)
      await waitFor(() =>
        masters().every((m) => spawnSync('redis-cli', ['--cluster', 'check', `127.0.0.1:${m.port}`], { encoding: 'utf8' }).stdout.split('1 additional replica(s)').length === 4),
      20_000);
      // the reader's rules, plus what a Cluster client asks of every node (docs/scaling.md)
      const rules = [...aclRules('reader', ['topo-shop', 'topo-billing', 'topo-search', 'topo-mail']).split(' '), '+cluster|slots', '+cluster|info', '+readonly'];
      for (const n of nodes) {
        const set = spawnSync('redis-cli', ['-p', String(n.port), 'acl', 'setuser', 'scraper', 'on', '>scrape-secret', ...rules], { encoding: 'utf8' });
        expect(set.stdout.trim(), set.stderr).to.equal('OK');
      }
    });

    after(async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    });

    const replicas = () => nodes.filter((n) => infoField(n.port, 'replication', 'role') === 'slave');
    const masters = () => nodes.filter((n) => infoField(n.port, 'replication', 'role') === 'master');
    /** reads counts the read commands a node has run (INFO commandstats). */
    const reads = (n: OwnedRedis, commands = ['hlen', 'hgetall', 'hscan']) =>
      commands.reduce((sum, c) => sum + Number(/calls=(\d+)/.exec(infoField(n.port, 'commandstats', `cmdstat_${c}`) ?? '')?.[1] ?? 0), 0);
    /** moved counts the MOVED redirections a node has answered (INFO errorstats). */
    const moved = (n: OwnedRedis) => Number(/count=(\d+)/.exec(infoField(n.port, 'errorstats', 'errorstat_MOVED') ?? '')?.[1] ?? 0);

    it('should serve, dump and reset namespaces on a cluster named by seed nodes in options, file and environment', async () => {
      const seeds = masters().slice(0, 2).map((n) => `127.0.0.1:${n.port}`);
      const namespaces = ['topo-shop', 'topo-billing', 'topo-search', 'topo-mail'];
      const cluster = new Cluster(seeds.map((s) => ({ host: '127.0.0.1', port: Number(s.split(':')[1]) })));
      try {
        for (const [i, ns] of namespaces.entries()) await record(cluster as unknown as Redis, ns, i + 1);
      } finally {
        await cluster.quit();
      }
      // every replica has caught up with its master (bounded)
      await waitFor(() =>
        replicas().every((r) => {
          const masterPort = Number(infoField(r.port, 'replication', 'master_port'));
          return infoField(r.port, 'replication', 'slave_repl_offset') === infoField(masterPort, 'replication', 'master_repl_offset');
        }),
      );
      // and every node lists every replica in CLUSTER SLOTS (Redis lists a replica once its offset is known): a client learns the
      // slots from any node, replicas too, and drops a replica that the node it asked left out
      await waitFor(async () => {
        const views = await Promise.all(
          nodes.map(async (m) => {
            const r = new Redis(m.port, '127.0.0.1');
            try {
              return (await r.call('CLUSTER', 'SLOTS')) as unknown[][];
            } finally {
              r.disconnect();
            }
          }),
        );
        return views.every((ranges) => ranges.every((range) => range.length >= 4));
      }, 20_000);
      const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-topology-'));
      try {
        const file = path.join(dir, 'config.json');
        writeFileSync(file, JSON.stringify({ redisCluster: seeds, readFrom: 'replica', namespaces }));
        const runs = [
          ['--redis-cluster', seeds.join(','), ...namespaces.flatMap((n) => ['--namespace', n])],
          ['--config', file],
          // as the read-only ACL user: the credentials of the first seed apply to every node
          ['--redis-cluster', seeds.map((s) => `redis://scraper:scrape-secret@${s}`).join(','), ...namespaces.flatMap((n) => ['--namespace', n])],
        ];
        for (const args of runs) {
          const readsBefore = replicas().map((n) => reads(n));
          // every read of a scrape: HLEN, HSCAN and HGETALL of the namespace hash and of the per-process hashes beside it
          const masterReadsBefore = masters().map((n) => reads(n));
          const movedBefore = nodes.map((n) => moved(n));
          const server = await serve(args);
          try {
            for (const [i, ns] of namespaces.entries()) {
              const res = await server.get(`/metrics/${ns}`);
              expect(res.status, res.text).to.equal(200);
              expect(res.text, `${args[0]} ${ns}`).to.contain(`orders_total{method="card"} ${i + 1}\n`);
            }
          } finally {
            expect(await server.stop(), server.output()).to.equal(0);
          }
          const replicaReads = replicas().map((n) => reads(n)).reduce((sum, n, i) => sum + n - readsBefore[i], 0);
          const masterReads = masters().map((n) => reads(n)).reduce((sum, n, i) => sum + n - masterReadsBefore[i], 0);
          if (args[0] === '--config') {
            // at least HLEN, then HGETALL, of each namespace: all on replicas
            expect(masterReads, 'readFrom replica reads the namespace and its process hashes from no master').to.equal(0);
            // the first scrape of a new server: each read goes to its replica while the connection to it opens, not to a random node
            expect(nodes.map((n, i) => moved(n) - movedBefore[i]), 'no read was redirected').to.deep.equal(nodes.map(() => 0));
            expect(replicaReads, 'readFrom replica reads the replicas').to.be.at.least(2 * namespaces.length);
          } else {
            expect(replicaReads, 'reads stay on the masters by default').to.equal(0);
          }
        }
        const wrong = await serve(['--redis-cluster', `redis://scraper:wrong@${seeds[0]}`, '--namespace', 'topo-shop', '--read-timeout-ms', '2000']);
        try {
          expect((await wrong.get('/metrics/topo-shop')).status, 'the credentials are used').to.equal(503);
        } finally {
          await wrong.stop();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const env = { INSTRUMENTOR_REDIS_CLUSTER: seeds.join(',') };
      const dump = await cli(['dump', 'topo-billing'], env);
      expect(dump.status, dump.out).to.equal(0);
      expect(dump.out).to.match(/orders_total::method="card" +2\n/);
      const reset = await cli(['reset', 'topo-billing', '--yes'], env);
      expect(reset.status, reset.out).to.equal(0);
      expect(reset.out).to.contain('deleted namespace "topo-billing"');
      const both = await cli(['serve', '--redis-cluster', seeds[0], '--sentinels', seeds[1], '--sentinel-master', 'x', '--namespace', 'x']);
      expect(both.status).to.equal(2);
      expect(both.out).to.contain('either a Redis Cluster or Sentinel');
    });
  });
});
