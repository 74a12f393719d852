// @ts-nocheck
import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { namespaceKeys, readHash, REDIS_URL, uniqueNamespace, useNamespace } from '../support/redis';
import { freePort } from '../support/redisServer';
import { killed, running } from '../support/processes';

const SCRIPT = join(__dirname, '..', 'fixtures', 'neverClosed.ts');

/** start runs the script; resolves when it printed "done" with the time it did, and when it exits with the time of the exit. */
function start(args: string[]): { child: ChildProcess; done: Promise<number>; exited: Promise<{ at: number; code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().startsWith('done')) resolve(Date.now());
    });
    child.once('exit', () => reject(new Error(`exited before its work was done: ${stderr}`)));
  });
  const exited = new Promise<{ at: number; code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ at: Date.now(), code, signal, stderr })),
  );
  return { child, done, exited };
}

describe('a process that never calls close() (real processes, real Redis)', function () {
  this.timeout(30_000);
  const ctx = useNamespace('exit');
  const children: ChildProcess[] = [];
  const namespaces: string[] = [];

  afterEach(async () => {
    for (const c of children.splice(0)) if (running(c)) await killed(c);
    for (const ns of namespaces.splice(0)) await ctx.redis.del(...namespaceKeys(ns));
  });

  for (const mode of ['interval', 'eager']) {
    it(`exits within a second of its last work, its updates in Redis (${mode} flushes)`, async () => {
      const namespace = uniqueNamespace('exit');
      namespaces.push(namespace);
      const run = start([REDIS_URL, namespace, mode]);
      children.push(run.child);
      const doneAt = await run.done;
      const exit = await Promise.race([run.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000).unref())]);
      expect(exit, 'still running 5 s after its work was done').to.not.equal(undefined);
      expect(exit!.code, exit!.stderr).to.equal(0);
      expect(exit!.at - doneAt, 'ms from done to exit').to.be.below(1000);
      const hash = await readHash(ctx.redis, namespace);
      expect(hash['cron_runs_total::step="a"']).to.equal('5');
      expect(hash['cron_runs_total::step="b"']).to.equal('2');
    });
  }

  it('exits even when Redis cannot be reached, reporting the lost updates', async () => {
    const run = start([`redis://127.0.0.1:${await freePort()}`, uniqueNamespace('exit'), 'interval']);
    children.push(run.child);
    const doneAt = await run.done;
    const exit = await Promise.race([run.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000).unref())]);
    expect(exit, 'still running 5 s after its work was done').to.not.equal(undefined);
    expect(exit!.at - doneAt).to.be.below(2000);
    expect(exit!.stderr).to.contain('ECONNREFUSED');
  });

  it('still flushes on SIGTERM with flushOnExit, and ends as the signal would', async () => {
    const namespace = uniqueNamespace('exit');
    namespaces.push(namespace);
    const run = start([REDIS_URL, namespace, 'signal']);
    children.push(run.child);
    await run.done;
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.signal).to.equal('SIGTERM');
    const hash = await readHash(ctx.redis, namespace);
    expect(hash['cron_runs_total::step="a"']).to.equal('5');
  });
});
