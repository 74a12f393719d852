import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import Redis from 'ioredis';
import { runCli } from '../../lib/cli/program';
import type { CliIO } from '../../lib/cli/io';
import { namespaceKey } from '../../lib/codec/field';
import { Counter } from '../../lib/metrics/Counter';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../support/redis';
import { freePort, get, until } from '../server/helpers';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'lib', 'cli', 'main.ts');

/** cli runs the command in this process with captured output and the given answer on standard input. */
async function cli(argv: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), stdin: Readable.from(input === '' ? [] : [input]), env };
  const status = await runCli(argv, io);
  return { status, out, err };
}

describe('cli (instrumentor command)', () => {
  let redis: Redis;
  let namespace: string;
  let registry: CollectorRegistry;

  before(() => {
    redis = new Redis(REDIS_URL);
  });
  beforeEach(async () => {
    namespace = uniqueNamespace('cli');
    registry = new CollectorRegistry({ redis, namespace, flushIntervalMs: 0 });
    registry.register(new Counter({ name: 'orders_total', description: 'Orders', allowedLabels: ['method'] })).inc(3, { method: 'card' });
    registry.register(new Histogram({ name: 'pay_seconds', description: 'Payment time', buckets: [1] })).observe(0.5);
    expect(await registry.flush()).to.equal(true);
  });
  afterEach(async () => {
    await registry.close(); // before the keys go: its goodbye writes to them, and its timers must not outlive the connection
    await redis.del(...namespaceKeys(namespace));
  });
  after(async () => {
    await redis.quit();
  });

  describe('--help', () => {
    it('should describe every command', async () => {
      const top = await cli(['--help']);
      expect(top.status).to.equal(0);
      for (const command of ['serve', 'dump', 'reset']) expect(top.out).to.contain(command);
      for (const [command, option] of [['serve', '--namespace'], ['dump', '--json'], ['reset', '--yes']]) {
        const help = await cli([command, '--help']);
        expect(help.status, command).to.equal(0);
        expect(help.out).to.contain(`Usage: instrumentor ${command}`);
        expect(help.out).to.contain(option);
      }
    });

    it('should exit with 2 and a hint for an unknown command or option', async () => {
      const unknown = await cli(['bogus']);
      expect(unknown.status).to.equal(2);
      expect(unknown.err).to.contain("unknown command 'bogus'");
      expect((await cli(['dump', namespace, '--bogus'])).status).to.equal(2);
      expect((await cli(['serve', '--port', 'x', '-n', 'a'])).err).to.contain('--port must be a whole number');
    });

    it('should run as the package binary', async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--version'], { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const [code] = await new Promise<[number | null]>((r) => child.on('exit', (c) => r([c])));
      expect(code).to.equal(0);
      expect(out.trim()).to.match(/^\d+\.\d+\.\d+/);
    });
  });

  describe('dump', () => {
    it('should print the raw fields grouped by family, and the fields the exposition skips', async () => {
      await redis.hset(namespaceKey(namespace), 'not a field', '1', 'orders_total::method="cash"', 'many');
      const res = await cli(['dump', namespace, '--redis', REDIS_URL]);
      expect(res.status, res.err).to.equal(0);
      expect(res.out).to.match(new RegExp(`^namespace ${namespace}: 11 field\\(s\\), 2 families, 2 skipped\\n`));
      expect(res.out).to.match(/\nwriters on record: 1; last write \d+ s ago by \d+-[0-9a-f]+\n/);
      expect(res.out).to.contain('\norders_total (counter) "Orders"\n');
      expect(res.out).to.match(/\n {2}orders_total::method="card" +3\n/);
      expect(res.out).to.contain('\npay_seconds (histogram) "Payment time"\n');
      expect(res.out).to.match(/\n {2}pay_seconds:b:le="\+Inf" +1\n/);
      expect(res.out).to.contain('skipped by the exposition:\n');
      expect(res.out).to.contain('not a field  "1"  (invalid-field)');
      expect(res.out).to.contain('orders_total::method="cash"  "many"  (invalid-value)');
    });

    it('should print JSON with --json', async () => {
      const res = await cli(['dump', namespace, '--json'], '', { REDIS_URL });
      const dump = JSON.parse(res.out);
      expect(dump.namespace).to.equal(namespace);
      expect(dump.families.map((f: { name: string }) => f.name)).to.deep.equal(['orders_total', 'pay_seconds']);
      expect(dump.families[0].fields).to.deep.include(['orders_total::method="card"', '3']);
      expect(dump.writers).to.have.length(1);
      expect(dump.writers[0].id).to.match(/^\d+-[0-9a-f]+$/);
    });

    it('should exit with 1 and say so when Redis cannot be reached', async () => {
      const res = await cli(['dump', namespace, '--redis', `redis://127.0.0.1:${await freePort()}`]);
      expect(res.status).to.equal(1);
      expect(res.err).to.match(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
    });

    it('should refuse a namespace name that cannot exist', async () => {
      const res = await cli(['dump', 'a{b}']);
      expect(res.status).to.equal(2);
      expect(res.err).to.contain('namespace must be');
    });
  });

  describe('reset', () => {
    it('should delete nothing unless the question is answered yes', async () => {
      for (const answer of ['n\n', '\n', '']) {
        const res = await cli(['reset', namespace, '--redis', REDIS_URL], answer);
        expect(res.status).to.equal(2);
        expect(res.out).to.contain(`Delete namespace "${namespace}" (9 field(s) in instrumentor:{${namespace}})`);
        expect(res.err).to.contain('not confirmed: nothing deleted');
        expect(await redis.exists(namespaceKey(namespace))).to.equal(1);
      }
    });

    it('should delete the namespace keys when confirmed, and only those', async () => {
      const other = uniqueNamespace('cli-other');
      await redis.hset(namespaceKey(other), 'x::', '1');
      try {
        const res = await cli(['reset', namespace, '--redis', REDIS_URL], 'y\n');
        expect(res.status, res.err).to.equal(0);
        expect(res.out).to.contain(`deleted namespace "${namespace}": 9 field(s), 4 key(s)`); // the hash, the writers, the seen set and the processes (the registry heartbeats)
        expect(await redis.exists(...namespaceKeys(namespace))).to.equal(0);
        expect(await redis.hget(namespaceKey(other), 'x::')).to.equal('1');
      } finally {
        await redis.del(...namespaceKeys(other));
      }
    });

    it('should not ask with --yes', async () => {
      const res = await cli(['reset', namespace, '--yes'], '', { INSTRUMENTOR_REDIS_URL: REDIS_URL });
      expect(res.status).to.equal(0);
      expect(res.out).not.to.contain('[y/N]');
      expect(await redis.exists(namespaceKey(namespace))).to.equal(0);
    });
  });

  describe('serve', () => {
    it('should serve from environment settings, log to stdout, and stop cleanly on SIGTERM', async function () {
      this.timeout(30_000);
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--host', '127.0.0.1'], {
        cwd: ROOT,
        env: { ...process.env, INSTRUMENTOR_REDIS_URL: REDIS_URL, INSTRUMENTOR_NAMESPACES: namespace, INSTRUMENTOR_PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      try {
        await until(() => out.includes('msg=listening'), 20_000, 'the server to listen');
        const res = await get(`http://127.0.0.1:${port}/metrics/${namespace}`);
        expect(res.text).to.contain('orders_total{method="card"} 3');
        child.kill('SIGTERM');
        expect(await exited).to.equal(0);
        expect(out).to.contain('msg="received signal" signal=SIGTERM');
        expect(out).to.contain('msg=stopped');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });

    it('should exit with 2 naming the setting when the configuration is wrong', async () => {
      const res = await cli(['serve', '--config', '/nonexistent/instrumentor.json']);
      expect(res.status).to.equal(2);
      expect(res.err).to.contain('/nonexistent/instrumentor.json: file: cannot read it as JSON');
    });
  });
});
