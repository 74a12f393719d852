// @ts-nocheck
// A Node writer of the mixed-writer test (contrib/python/tests/test_mixed_writers.py): records a
// known amount into series that Python writers record into at the same time, flushing after each
// round, then prints what it recorded as JSON. All writers start together: each adds 1 to a barrier
// key and waits until every writer has.
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { CollectorRegistry, Counter, Gauge, Histogram } from '../../lib';

const [namespace, roundsText, seedText, writersText] = process.argv.slice(2);
const rounds = Number(roundsText);
const seed = Number(seedText);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const registry = new CollectorRegistry({ redis: redisUrl, namespace, flushIntervalMs: 60_000 });
const jobs = registry.register(new Counter({ name: 'mixed_jobs_total', description: 'Jobs', allowedLabels: ['kind'] }));
const level = registry.register(new Gauge({ name: 'mixed_level', description: 'Level', startValue: 100 }));
const seconds = registry.register(new Histogram({ name: 'mixed_seconds', description: 'Seconds', buckets: [1, 10] }));

async function barrier(): Promise<void> {
  const redis = new Redis(redisUrl);
  const key = `instrumentor:{${namespace}}:test-barrier`;
  await redis.incr(key);
  while (Number(await redis.get(key)) < Number(writersText)) await sleep(5);
  await redis.quit();
}

async function main(): Promise<void> {
  const done = { count: 0, amount: 0, sum: 0, le1: 0, le10: 0, level: 0, startMs: 0, endMs: 0 };
  await barrier();
  done.startMs = Date.now();
  for (let r = 0; r < rounds; r++) {
    const n = 1 + ((r * 7 + seed) % 17);
    for (let i = 0; i < n; i++) {
      const amount = (i % 3) + 0.5;
      jobs.inc(amount, { kind: 'shared' });
      const v = ((i * 5 + seed) % 24) / 2; // 0, 0.5, …, 11.5
      seconds.observe(v);
      level.inc(i % 2 === 0 ? 1.5 : -1);
      done.count++;
      done.amount += amount;
      done.sum += v;
      if (v <= 1) done.le1++;
      if (v <= 10) done.le10++;
      done.level += i % 2 === 0 ? 1.5 : -1;
    }
    await registry.flush();
    await sleep(2);
  }
  done.endMs = Date.now();
  const ok = await registry.close(10_000);
  process.stdout.write(JSON.stringify({ ...done, ok }) + '\n');
}

void main();
