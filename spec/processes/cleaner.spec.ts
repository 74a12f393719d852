import { expect } from 'chai';
import { cleanerKey, foldedKey, processesKey, processKey } from '../../lib/codec/field';
import { configFromEnv } from '../../lib/server/config';
import { ExpositionServer } from '../../lib/server/ExpositionServer';
import { silentLogger } from '../../lib/server/logger';
import { RedisStore } from '../../lib/store/RedisStore';
import { REDIS_URL, useNamespace } from '../support/redis';

describe('cleaning dead processes (real Redis)', function () {
  this.timeout(20_000);
  const ctx = useNamespace('clean');

  /** plant writes, by hand, a dead writer `dead` (deadline a minute ago) and a live writer `live`, each with a process hash. */
  async function plant(): Promise<void> {
    const ns = ctx.namespace;
    const now = Date.now();
    await ctx.redis.hset(processesKey(ns), 'dead', String(now - 60_000), 'live', String(now + 60_000));
    await ctx.redis.hset(processKey(ns, 'dead'), 'q_max:h:', '40', 'q_min:l:', '-3', 'busy:S:', '2');
    await ctx.redis.hset(processKey(ns, 'live'), 'q_max:h:', '7', 'busy:S:', '1');
    await ctx.redis.hset(foldedKey(ns), 'q_max:h:', '12');
  }

  it('should forget a writer dead for the retention, folding its max and min, and leave a live one alone', async () => {
    await plant();
    const store = new RedisStore(REDIS_URL);
    try {
      expect(await store.cleanProcesses(ctx.namespace, 120_000)).to.equal(0); // not dead long enough
      expect(await store.cleanProcesses(ctx.namespace, 30_000)).to.equal(1);
    } finally {
      await store.close();
    }
    expect(await ctx.redis.exists(processKey(ctx.namespace, 'dead'))).to.equal(0);
    expect(Object.keys(await ctx.redis.hgetall(processesKey(ctx.namespace)))).to.deep.equal(['live']);
    expect(await ctx.redis.hgetall(foldedKey(ctx.namespace))).to.deep.equal({ 'q_max:h:': '40', 'q_min:l:': '-3' });
    expect(await ctx.redis.hgetall(processKey(ctx.namespace, 'live'))).to.deep.equal({ 'q_max:h:': '7', 'busy:S:': '1' });
    expect(await ctx.redis.exists(cleanerKey(ctx.namespace))).to.equal(0); // the lock was given back
  });

  it('should do nothing while another cleaner holds the lock', async () => {
    await plant();
    await ctx.redis.set(cleanerKey(ctx.namespace), 'someone-else', 'PX', 10_000);
    const store = new RedisStore(REDIS_URL);
    try {
      expect(await store.cleanProcesses(ctx.namespace, 0)).to.equal(undefined);
    } finally {
      await store.close();
    }
    expect(await ctx.redis.exists(processKey(ctx.namespace, 'dead'))).to.equal(1);
    expect(await ctx.redis.get(cleanerKey(ctx.namespace))).to.equal('someone-else');
  });

  it('should forget a large dead process in slices', async () => {
    const ns = ctx.namespace;
    await ctx.redis.hset(processesKey(ns), 'big', '1');
    const fields: string[] = [];
    for (let i = 0; i < 5000; i++) fields.push(`g:h:i="${i}"`, String(i));
    await ctx.redis.hset(processKey(ns, 'big'), ...fields);
    const store = new RedisStore(REDIS_URL);
    const calls: unknown[] = [];
    const forget = (store.redis as any).instrumentorForget.bind(store.redis);
    (store.redis as any).instrumentorForget = (...args: unknown[]) => {
      calls.push(args);
      return forget(...args);
    };
    try {
      expect(await store.cleanProcesses(ns, 0)).to.equal(1);
    } finally {
      await store.close();
    }
    expect(calls.length).to.be.at.least(5); // about 500 fields a call
    expect(await ctx.redis.exists(processKey(ns, 'big'))).to.equal(0);
    expect(await ctx.redis.hlen(foldedKey(ns))).to.equal(5000);
  });

  it('should take the server\'s cleaning settings from the environment, refusing what is not true or false', () => {
    expect(configFromEnv({ INSTRUMENTOR_CLEAN_DEAD_PROCESSES: 'true', INSTRUMENTOR_PROCESS_RETENTION_MS: '60000' })).to.deep.equal({ cleanDeadProcesses: true, processRetentionMs: 60_000 });
    expect(() => configFromEnv({ INSTRUMENTOR_CLEAN_DEAD_PROCESSES: 'yes' })).to.throw('INSTRUMENTOR_CLEAN_DEAD_PROCESSES');
  });

  it('should let an exposition server clean when allowed, and never write otherwise', async () => {
    await plant();
    const readOnly = new ExpositionServer({ redis: REDIS_URL, namespaces: [ctx.namespace], port: 0, host: '127.0.0.1', logger: silentLogger });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await readOnly.close();
    expect(await ctx.redis.exists(processKey(ctx.namespace, 'dead'))).to.equal(1);
    const cleaning = new ExpositionServer({
      redis: REDIS_URL,
      namespaces: [ctx.namespace],
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      cleanDeadProcesses: true,
      processRetentionMs: 1000,
      cleanupIntervalMs: 50,
    });
    try {
      const until = Date.now() + 5000;
      while (Date.now() < until && (await ctx.redis.exists(processKey(ctx.namespace, 'dead'))) === 1) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await cleaning.close();
    }
    expect(await ctx.redis.exists(processKey(ctx.namespace, 'dead'))).to.equal(0);
    expect(await ctx.redis.exists(processKey(ctx.namespace, 'live'))).to.equal(1);
  });
});
