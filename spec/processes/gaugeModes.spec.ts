import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import { expect } from 'chai';
import { processesKey } from '../../lib/codec/field';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { killed } from '../support/processes';
import { processKeys, REDIS_URL, useNamespace } from '../support/redis';

/** A worker of spec/fixtures/gaugeModesWorker.ts and a way to ask it something and wait for the answer. */
interface Worker {
  readonly child: ChildProcess;
  ask(message: string): Promise<Record<string, unknown>>;
}

function start(namespace: string, name: string, value: number, intervalMs: number): Promise<Worker> {
  const child = fork(path.resolve('spec/fixtures/gaugeModesWorker.ts'), [namespace, name, String(value), String(intervalMs)], {
    execArgv: ['--require', 'tsx/cjs'],
    env: { ...process.env, REDIS_URL },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Record<string, unknown>));
      child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}`)));
    });
  const ready = next();
  return ready.then(() => ({
    child,
    ask: (message: string) => {
      const answer = next();
      child.send(message);
      return answer;
    },
  }));
}

/** The exposition of the nine gauges, from the value of each (a list of lines for perProcess; undefined: no series). */
function exposition(values: Record<string, number | string[] | undefined>): string {
  let text = '';
  for (const name of Object.keys(values).sort()) {
    text += `# HELP g_${name} ${name}\n# TYPE g_${name} gauge\n`;
    const v = values[name];
    if (Array.isArray(v)) for (const line of v) text += line + '\n';
    else if (v !== undefined) text += `g_${name} ${v}\n`;
  }
  return text;
}

describe('gauge aggregations across processes (real Redis, real processes)', function () {
  this.timeout(60_000);
  const ctx = useNamespace('modes');
  const workers: Worker[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await killed(w.child);
  });

  it('should show each mode exactly while three processes run, after one is killed, and after the others close', async () => {
    const intervalMs = 50;
    for (const [name, value] of [['w1', 10], ['w2', 20], ['w3', 30]] as const) workers.push(await start(ctx.namespace, name, value, intervalMs));
    // one after the other, so that the most recent value is w3's
    for (const w of workers) {
      expect(await w.ask('set')).to.deep.equal({ flushed: true });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const client = new ExpositionClient({ redis: REDIS_URL, namespace: ctx.namespace });
    try {
      const all = ['g_perProcess{process="w1"} 10', 'g_perProcess{process="w2"} 20', 'g_perProcess{process="w3"} 30'];
      expect(await client.expose()).to.equal(
        exposition({ sum: 60, liveSum: 60, max: 30, liveMax: 30, min: 10, liveMin: 10, last: 30, liveLast: 30, perProcess: all }),
      );

      const [w1, w2, w3] = workers;
      await killed(w3.child);
      const killedAt = Date.now();
      const afterKill = exposition({ sum: 60, liveSum: 30, max: 30, liveMax: 20, min: 10, liveMin: 10, last: 30, liveLast: 20, perProcess: all.slice(0, 2) });
      let text = await client.expose();
      while (text !== afterKill && Date.now() - killedAt < 3 * intervalMs + 5000 + 1000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        text = await client.expose();
      }
      expect(text).to.equal(afterKill);
      expect(Date.now() - killedAt).to.be.at.least(5000 - 500); // dead by its deadline, not before

      expect(await w1.ask('close')).to.deep.equal({ closed: true });
      expect(await client.expose()).to.equal(
        exposition({ sum: 60, liveSum: 20, max: 30, liveMax: 20, min: 10, liveMin: 20, last: 30, liveLast: 20, perProcess: all.slice(1, 2) }),
      );
      expect(await w2.ask('close')).to.deep.equal({ closed: true });
      expect(await client.expose()).to.equal(
        exposition({ sum: 60, liveSum: undefined, max: 30, liveMax: undefined, min: 10, liveMin: undefined, last: 30, liveLast: undefined, perProcess: undefined }),
      );
      // the closed processes left nothing but their min and max (folded); the killed one waits for a cleaner
      expect(await processKeys(ctx.redis, ctx.namespace)).to.have.length(1);
      expect(Object.keys(await ctx.redis.hgetall(processesKey(ctx.namespace)))).to.have.length(1);
    } finally {
      await client.close();
    }
  });
});
