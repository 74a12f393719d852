// @ts-nocheck
import { expect } from 'chai';
import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import Redis from 'ioredis';
import { namespaceKey, writersKey } from '../../lib/codec/field';
import { needPrograms } from '../support/binaries';
import { closeAfterTest } from '../support/cleanup';
import { killed } from '../support/processes';
import { waitFor } from '../support/redisServer';
import { OwnedRedisServer } from './ownedRedis';

interface Report {
  id: string;
  ok: boolean;
  recorded: { mail: number; sms: number; observations: number; sum: number; le1: number; le2: number };
  errors: Record<string, number>;
  status: { pendingBatches: number; bufferedSeries: number };
}

/**
 * handled marks a promise as handled and returns it: a worker killed after the
 * test failed rejects its promises when nobody waits for them any more, and
 * that must not fail a later spec as an unhandled rejection. Who awaits the
 * promise still gets the rejection.
 */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

// Worker processes record at full speed while the test kills Redis, restarts
// it, hangs it and resumes it. Afterwards Redis holds exactly what they recorded.
describe('fault: Redis killed, restarted, hung and resumed under load (real processes, real redis-server)', function () {
  this.timeout(60_000);
  let server: OwnedRedisServer | undefined;
  const workers: ChildProcess[] = [];

  before(async function () {
    needPrograms(this, 'redis-server', 'redis-cli');
    server = await OwnedRedisServer.start();
  });
  after(async () => {
    await Promise.all(workers.splice(0).map(killed));
    await server?.stop();
  });

  it('should deliver exactly what every worker recorded, once', async () => {
    const namespace = 'fault';
    const own = server!;
    const reports: Promise<Report>[] = [];
    const ready: Promise<void>[] = [];
    /** How many errors each worker told of so far. */
    const errorsSeen = new Map<string, number>();
    for (const id of ['a', 'b']) {
      const child = fork(path.resolve('spec/fault/workers/recorder.ts'), [own.url, namespace, id], {
        execArgv: ['--require', 'tsx/cjs'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      workers.push(child);
      errorsSeen.set(id, 0);
      const exitedEarly = new Promise<never>((_, reject) =>
        child.once('exit', (code, signal) => reject(new Error(`worker ${id} exited with ${code ?? signal} before reporting`))),
      );
      ready.push(handled(Promise.race([new Promise<void>((resolve) => child.once('message', () => resolve())), exitedEarly])));
      reports.push(
        handled(
          Promise.race([
            new Promise<Report>((resolve) => {
              child.on('message', (m: any) => {
                if (m.error !== undefined) errorsSeen.set(id, errorsSeen.get(id)! + 1);
                if (m.recorded !== undefined) resolve(m);
              });
            }),
            exitedEarly,
          ]),
        ),
      );
    }
    await Promise.all(ready);
    const count = () => Number(own.cli('hget', namespaceKey(namespace), 'job_size:c:') || 0);
    /** failing waits until every worker told of another error: its flushes fail. */
    const failing = async () => {
      const before = new Map(errorsSeen);
      await waitFor(() => [...errorsSeen].every(([id, n]) => n > before.get(id)!));
    };

    await waitFor(() => own.cli('hlen', writersKey(namespace)) === '2'); // both workers write before the outage

    await own.kill(); // SIGKILL: connections drop, unanswered batches may or may not be in the AOF
    await failing();
    await own.restart(); // replays the AOF
    const replayed = count();
    await waitFor(() => count() > replayed); // workers write again after the restart
    const afterRestart = count();

    own.hang(); // SIGSTOP: writes go unanswered, flushes time out
    await failing();
    own.resume();
    await waitFor(() => count() > afterRestart); // workers write again after the hang

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
    const redis = closeAfterTest(new Redis(own.url), (r) => r.quit());
    const hash = await redis.hgetall(namespaceKey(namespace));
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
