import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { running, killed } from '../support/processes';
import { REDIS_URL, uniqueNamespace } from '../support/redis';
import { freePort } from '../support/redisServer';

const MAIN = join(__dirname, '..', '..', 'lib', 'cli', 'main.ts');

/** serveAndStop starts `instrumentor serve`, scrapes once, sends SIGTERM and resolves to the milliseconds between the "stopped" line and the exit. */
async function serveAndStop(redis: string, children: ChildProcess[]): Promise<{ ms: number; code: number | null; scrape: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--redis', redis, '--namespace', uniqueNamespace('exit'), '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  let stoppedAt = 0;
  const listening = new Promise<string>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const url = /msg=listening url=(\S+)/.exec(output);
      if (url !== null) resolve(url[1]);
      if (stoppedAt === 0 && output.includes('msg=stopped')) stoppedAt = Date.now();
    });
  });
  const exited = new Promise<{ at: number; code: number | null }>((resolve) => child.once('exit', (code) => resolve({ at: Date.now(), code })));
  const url = await listening;
  const scrape = (await fetch(url)).status;
  child.kill('SIGTERM');
  const exit = await exited;
  expect(stoppedAt, output).to.be.greaterThan(0);
  return { ms: exit.at - stoppedAt, code: exit.code, scrape };
}

describe('instrumentor serve stops promptly (real processes)', function () {
  this.timeout(30_000);
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (running(c)) await killed(c);
  });

  it('exits within 1 s of "stopped" with Redis up', async () => {
    const { ms, code, scrape } = await serveAndStop(REDIS_URL, children);
    expect(scrape).to.equal(200);
    expect(code).to.equal(0);
    expect(ms).to.be.below(1000); // 3-110 ms on a quiet machine, up to 720 ms at a load average of 10 on 2 cores; it took 2 s when a timer held the process
  });

  it('exits within 1 s of "stopped" with Redis unreachable', async () => {
    const { ms, code, scrape } = await serveAndStop(`redis://127.0.0.1:${await freePort()}`, children);
    expect(scrape).to.equal(503);
    expect(code).to.equal(0);
    expect(ms).to.be.below(1000); // 3-110 ms on a quiet machine, up to 720 ms at a load average of 10 on 2 cores; it took 2 s when a timer held the process
  });
});
