import { expect } from 'chai';
import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import Redis from 'ioredis';
import { namespaceKey } from '../../lib/codec/field';
import { waitFor } from '../support/redisServer';
import { OwnedRedisServer } from './ownedRedis';

interface Report {
  id: string;
  ok: boolean;
  recorded: { mail: number; sms: number; observations: number; sum: number; le1: number; le2: number };
  errors: Record<string, number>;
  status: { pendingBatches: number; bufferedSeries: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Worker processes record at full speed while the test kills Redis, restarts
// it, hangs it and resumes it. Afterwards Redis holds exactly what they recorded.
describe('fault: Redis killed, restarted, hung and resumed under load (real processes, real redis-server)', function () {
  this.timeout(60_000);
  let server: OwnedRedisServer;
  const workers: ChildProcess[] = [];

  before(async () => {
    server = await OwnedRedisServer.start();
  });
  after(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await server.stop();
  });

  it('should deliver exactly what every worker recorded, once', async () => {
    const namespace = 'fault';
    const reports: Promise<Report>[] = [];
    const ready: Promise<void>[] = [];
    for (const id of ['a', 'b']) {
      const child = fork(path.resolve('spec/fault/workers/recorder.ts'), [server.url, namespace, id], {
        execArgv: ['--require', 'tsx/cjs'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      workers.push(child);
      ready.push(new Promise((resolve) => child.once('message', () => resolve())));
      reports.push(
        new Promise((resolve, reject) => {
          child.on('message', (m: any) => {
            if (m.recorded !== undefined) resolve(m);
          });
          child.once('exit', (code) => reject(new Error(`worker ${id} exited with ${code} before reporting`)));
        }),
      );
    }
    await Promise.all(ready);
    const count = () => Number(server.cli('hget', namespaceKey(namespace), 'job_size:c:') || 0);

    await waitFor(() => count() > 0); // workers write before the outage
    await sleep(500);

    await server.kill(); // SIGKILL: connections drop, unanswered batches may or may not be in the AOF
    await sleep(1000);
    await server.restart(); // replays the AOF
    await sleep(1500);
    const afterRestart = count();

    server.hang(); // SIGSTOP: writes go unanswered, flushes time out
    await sleep(2000);
    server.resume();
    await waitFor(() => count() > afterRestart); // workers write again after the hang
    await sleep(500);

    for (const w of workers) w.send('stop');
    const results = await Promise.all(reports);

    const expected = { mail: 0, sms: 0, observations: 0, sum: 0, le1: 0, le2: 0 };
    for (const r of results) {
      expect(r.ok, `worker ${r.id} closed with everything delivered`).to.equal(true);
      expect(r.status.pendingBatches).to.equal(0);
      for (const k of Object.keys(expected) as Array<keyof typeof expected>) expected[k] += r.recorded[k];
      // the outage was felt: flushes failed and were retried
      expect(Object.values(r.errors).reduce((a, b) => a + b, 0), `worker ${r.id} errors ${JSON.stringify(r.errors)}`).to.be.greaterThan(0);
    }
    const redis = new Redis(server.url);
    const hash = await redis.hgetall(namespaceKey(namespace));
    await redis.quit();
    expect({
      mail: Number(hash['jobs_total::queue="mail"']),
      sms: Number(hash['jobs_total::queue="sms"']),
      observations: Number(hash['job_size:c:']),
      sum: Number(hash['job_size:s:']),
      le1: Number(hash['job_size:b:le="1"']),
      le2: Number(hash['job_size:b:le="2"']),
    }).to.deep.equal(expected);
    expect(Number(hash['job_size:b:le="+Inf"'])).to.equal(expected.observations);
    expect(hash['jobs_inflight::']).to.equal('0');
    console.log(`      recorded ${expected.observations} observations and ${expected.mail + expected.sms} increments; worker errors: ${JSON.stringify(results.map((r) => r.errors))}`);
  });
});
