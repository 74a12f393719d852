import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import Redis from 'ioredis';
import { namespaceKey, writersKey } from '../../lib/codec/field';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../support/redis';
import { freePort, until } from '../server/helpers';

const ROOT = join(__dirname, '..', '..');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** start runs the demo as the leader of a process group of its own, so that what it started can be killed with it. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out, exited: new Promise((r) => child.on('exit', (c) => r(c))) };
}

/** pids lists the process ids the demo printed for its worker processes. */
function pids(output: string): number[] {
  return [...output.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('end to end: the demo (npm start)', function () {
  this.timeout(60_000);
  let redis: Redis;
  let namespace: string;
  let run: Run | undefined;

  before(() => {
    redis = new Redis(REDIS_URL);
  });
  beforeEach(() => {
    namespace = uniqueNamespace('demo');
  });
  afterEach(async () => {
    if (run !== undefined) {
      try {
        process.kill(-run.child.pid!, 'SIGKILL'); // the group: npm, the demo and its workers, also when the test failed
      } catch {
        // the group is gone already
      }
      await run.exited;
    }
    run = undefined;
    await redis.del(...namespaceKeys(namespace));
  });
  after(async () => {
    await redis.quit();
  });

  it('should run its processes against Redis for a bounded time, print the URL and live metrics, and stop them all', async () => {
    run = start('npm', ['start', '--silent', '--', '--duration', '3'], { DEMO_NAMESPACE: namespace, DEMO_PORT: '0', REDIS_URL });
    expect(await run.exited, run.output()).to.equal(0);
    const out = run.output();
    expect(out).to.contain(`store:     Redis at ${REDIS_URL}, namespace "${namespace}"`);
    expect(out).to.match(/metrics: {3}http:\/\/127\.0\.0\.1:\d+\/metrics/);
    const final = out.slice(out.indexOf('[final]'));
    expect(final).to.match(/http_requests_total\{code="200",route="\/products"\} [1-9]\d*\n/);
    expect(final).to.match(/jobs_processed_total\{outcome="success",queue="email"\} [1-9]\d*\n/);
    expect(out).to.contain('demo stopped');
    const workers = pids(out);
    expect(workers).to.have.length(3);
    expect(workers.filter(alive)).to.deep.equal([]);
    // three processes wrote the namespace, and it holds what the demo printed
    expect(await redis.hlen(writersKey(namespace))).to.equal(3);
    const shown = Number(/http_requests_total\{code="200",route="\/products"\} (\d+)/.exec(final)![1]);
    expect(Number(await redis.hget(namespaceKey(namespace), 'http_requests_total::code="200",route="/products"'))).to.equal(shown);
  });

  it('should show processes coming and going: the own lines of an extra worker appear while it runs and go when it leaves', async () => {
    run = start('npm', ['start', '--silent', '--', '--duration', '14'], { DEMO_NAMESPACE: namespace, DEMO_PORT: '0', REDIS_URL, DEMO_SHIFT: '1,9' });
    expect(await run.exited, run.output()).to.equal(0);
    const out = run.output();
    const joined = /an extra queue worker "email" joins \(pid (\d+)\)/.exec(out);
    expect(joined, out).to.not.equal(null);
    const pid = joined![1];
    const own = new RegExp(`^ +process_resident_memory_bytes\\{process="[^"]*:${pid}"\\} \\d+$`, 'm');
    const left = out.indexOf(`the extra queue worker (pid ${pid}) leaves`);
    expect(left, out).to.be.greaterThan(joined!.index);
    expect(out.slice(joined!.index, left), 'a live block while it runs shows its own line').to.match(own);
    const final = out.slice(out.indexOf('[final]'));
    expect(final, 'after the stop no process has lines of its own').to.not.match(/process_resident_memory_bytes/);
    expect(pids(out).filter(alive)).to.deep.equal([]);
  });

  it('should stop its worker processes and itself cleanly on SIGTERM', async () => {
    run = start(process.execPath, ['--import', 'tsx', 'demo/main.ts'], { DEMO_NAMESPACE: namespace, DEMO_PORT: '0', REDIS_URL });
    await until(() => /\[ +\d+s\]/.test(run!.output()), 30_000, 'the first live lines');
    run.child.kill('SIGTERM');
    expect(await run.exited, run.output()).to.equal(0);
    expect(run.output()).to.contain('stopping (SIGTERM)');
    expect(run.output()).to.contain('demo stopped');
    expect(pids(run.output()).filter(alive)).to.deep.equal([]);
  });

  it('should say so and run in one process on the in-memory store when no Redis answers', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    run = start(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--duration', '2'], { DEMO_NAMESPACE: namespace, DEMO_PORT: '0', REDIS_URL: nowhere });
    expect(await run.exited, run.output()).to.equal(0);
    const out = run.output();
    expect(out).to.contain(`no Redis answers at ${nowhere}: running in this one process on the built-in in-memory store (MemoryStore)`);
    expect(out.slice(out.indexOf('[final]'))).to.match(/http_requests_total\{code="200",route="\/products"\} [1-9]\d*\n/);
  });
});
