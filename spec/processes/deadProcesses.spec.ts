import { fork } from 'node:child_process';
import { expect } from 'chai';
import { namespaceKey, processesKey } from '../../lib/codec/field';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { bundleWorker } from '../support/bundleWorker';
import { processKeys, REDIS_URL, useNamespace } from '../support/redis';

/** crash runs spec/fixtures/crashWorker.ts, which flushes and kills itself, and resolves once it is gone. */
function crash(worker: string, namespace: string, id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(worker, [namespace, String(id)], {
      execArgv: [],
      env: { ...process.env, REDIS_URL },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`worker ${id} exited with ${code ?? signal}`))));
  });
}

describe('dead processes and their data (real Redis, real processes)', function () {
  this.timeout(240_000);
  const ctx = useNamespace('dead');

  it('should delete every field of 200 crashed processes after the retention, the hashes staying bounded while they run', async function () {
    const worker = bundleWorker('spec/fixtures/crashWorker.ts');
    const retentionMs = 1000;
    // a live registry of the namespace is the cleaner
    const cleaner = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 100, processRetentionMs: retentionMs, cleanupIntervalMs: 250 });
    const client = new ExpositionClient({ redis: REDIS_URL, namespace: ctx.namespace });
    // a crashed process is dead 3 flush intervals + 5 s after its last heartbeat, deleted a retention and a cleaner's interval later
    const listedForMs = 3 * 100 + 5000 + retentionMs + 250;
    // timers run late on a busy machine
    const slackMs = 3000;
    const crashedAt: number[] = [];
    let mostProcesses = 0;
    let mostKeys = 0;
    let mostBeyond = 0;
    let namespaceFields = 0;
    const total = 200;
    try {
      const parallel = 4;
      for (let i = 0; i < total; i += parallel) {
        await Promise.all(Array.from({ length: parallel }, (_, k) => crash(worker, ctx.namespace, i + k)));
        const now = Date.now();
        for (let k = 0; k < parallel; k++) crashedAt.push(now);
        const recent = crashedAt.filter((t) => now - t <= listedForMs + slackMs).length;
        const listed = (await ctx.redis.hlen(processesKey(ctx.namespace))) - 1; // the cleaner is listed too
        const keys = (await processKeys(ctx.redis, ctx.namespace)).length;
        mostProcesses = Math.max(mostProcesses, listed);
        mostKeys = Math.max(mostKeys, keys);
        mostBeyond = Math.max(mostBeyond, listed - recent, keys - recent);
        namespaceFields = Math.max(namespaceFields, await ctx.redis.hlen(namespaceKey(ctx.namespace)));
      }
      const until = Date.now() + listedForMs + 5000;
      while (Date.now() < until && (await processKeys(ctx.redis, ctx.namespace)).length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await processKeys(ctx.redis, ctx.namespace)).to.deep.equal([]);
      // only the cleaner itself is left in the processes hash
      expect(Object.keys(await ctx.redis.hgetall(processesKey(ctx.namespace)))).to.deep.equal([cleaner.writerId]);
      expect(await client.expose()).to.equal(
        '# HELP batch_size Batch size\n# TYPE batch_size gauge\n# HELP jobs_in_progress Jobs running\n# TYPE jobs_in_progress gauge\n',
      );
    } finally {
      await client.close();
      await cleaner.close();
    }
    // the namespace hash holds the two metrics' descriptions and types whatever the number of processes
    expect(namespaceFields).to.equal(4);
    // at most the processes that crashed in the last 6.55 s (alive window, retention, cleaner interval) at once, never all 200
    expect(mostBeyond, 'processes listed (or with a process hash) longer than they may be').to.be.at.most(0);
    expect(mostProcesses).to.be.below(total);
    expect(mostKeys).to.be.below(total);
    this.test!.title += ` (at most ${mostProcesses} crashed processes listed at once)`;
  });
});
