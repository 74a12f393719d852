// @ts-nocheck
import { expect } from 'chai';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writersKey } from '../../lib/codec/field';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { instrumentProcessor, instrumentWorker } from '../../lib/integrations/bullmq';
import { JobMetrics } from '../../lib/integrations/JobMetrics';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { REDIS_URL, useNamespace } from '../support/redis';
import { eventually, histogramSums, seriesOf } from './support';

const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort());

describe('integrations/bullmq (real Redis)', () => {
  const ctx = useNamespace('bullmq');
  let registry: CollectorRegistry | undefined;
  let queue: Queue | undefined;
  let worker: Worker | undefined;
  let queueName: string;

  beforeEach(() => {
    queueName = `instrumentor-spec-${process.pid}-${randomBytes(4).toString('hex')}`;
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    if (queue !== undefined) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    queue = undefined;
    await registry?.close();
    registry = undefined;
  });

  /** runJobs adds jobs and resolves when the worker has finished `count` of them. */
  function finishedJobs(w: Worker, count: number): Promise<void> {
    return new Promise((resolve) => {
      let n = 0;
      const done = () => {
        if (++n === count) resolve();
      };
      w.on('completed', done);
      w.on('failed', done);
    });
  }

  async function expectJobSeries(q: string, completed: number, failed: number): Promise<void> {
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    const outcomes: Record<string, number> = {};
    if (completed > 0) outcomes[`{outcome="completed",queue="${q}"}`] = completed;
    if (failed > 0) outcomes[`{outcome="failed",queue="${q}"}`] = failed;
    // no explicit flush: the integration flushed after each job
    await eventually(async () => expect(sorted(await seriesOf(client, 'bullmq_jobs_total'))).to.deep.equal(sorted(outcomes)));
    await eventually(async () =>
      expect(sorted(await seriesOf(client, 'bullmq_job_duration_seconds'))).to.deep.equal(sorted(outcomes)),
    );
    const all = { [`{queue="${q}"}`]: completed + failed };
    expect(await seriesOf(client, 'bullmq_job_wait_seconds')).to.deep.equal(all);
    expect(await seriesOf(client, 'bullmq_job_rss_bytes')).to.deep.equal(all);
    const rss = await histogramSums(client, 'bullmq_job_rss_bytes');
    expect(rss[`{queue="${q}"}`]).to.be.greaterThan(1024 * 1024 * (completed + failed));
    const durations = await histogramSums(client, 'bullmq_job_duration_seconds');
    for (const [labels, sum] of Object.entries(durations)) expect(sum, labels).to.be.greaterThan(0);
    await client.close();
  }

  describe('instrumentWorker', () => {
    it('should record jobs by queue and outcome, processing time, wait and memory, and flush after each job', async () => {
      const reg = (registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
      queue = new Queue(queueName, { connection });
      await queue.addBulk([
        { name: 'ok', data: { fail: false } },
        { name: 'ok', data: { fail: false } },
        { name: 'ok', data: { fail: false } },
        { name: 'bad', data: { fail: true } },
      ]);
      const w = (worker = instrumentWorker(
        new Worker(
          queueName,
          async (job: Job) => {
            await new Promise((r) => setTimeout(r, 5));
            if (job.data.fail) throw new Error('job failed');
            return 'done';
          },
          { connection, autorun: false },
        ),
        { registry: reg },
      ));
      const done = finishedJobs(w, 4);
      void w.run();
      await done;
      await expectJobSeries(queueName, 3, 1);
    });
  });

  describe('in several processes', () => {
    it('should sum the jobs of two worker processes on one queue in one namespace', async () => {
      queue = new Queue(queueName, { connection });
      const fixture = join(__dirname, 'bullmqWorker.fixture.ts');
      const children = [0, 1].map(() =>
        fork(fixture, [REDIS_URL, queueName, ctx.namespace], { execArgv: ['--require', 'tsx/cjs'], stdio: 'inherit' }),
      );
      try {
        await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
        await queue.addBulk(
          Array.from({ length: 40 }, (_, i) => ({ name: 'job', data: { fail: i % 10 === 0 } })),
        );
        const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
        // each process flushes after its own jobs; the namespace holds the sum
        await eventually(async () =>
          expect(sorted(await seriesOf(client, 'bullmq_jobs_total'))).to.deep.equal({
            [`{outcome="completed",queue="${queueName}"}`]: 36,
            [`{outcome="failed",queue="${queueName}"}`]: 4,
          }),
        500);
        expect(await seriesOf(client, 'bullmq_job_wait_seconds')).to.deep.equal({ [`{queue="${queueName}"}`]: 40 });
        expect(await seriesOf(client, 'bullmq_job_rss_bytes')).to.deep.equal({ [`{queue="${queueName}"}`]: 40 });
        // both processes wrote (each job takes 10 ms and each process one job at a time, so both get some)
        expect(await ctx.redis.hlen(writersKey(ctx.namespace))).to.equal(2);
        await client.close();
      } finally {
        const reports = await Promise.all(
          children.map(
            (c) =>
              new Promise<{ taken: number; flushed: boolean }>((resolve) => {
                c.on('message', (m: any) => {
                  if ('taken' in m) resolve(m);
                });
                c.send('stop');
              }),
          ),
        );
        expect(reports.every((r) => r.flushed)).to.equal(true);
        expect(reports.reduce((n, r) => n + r.taken, 0)).to.equal(40);
      }
    });
  });

  describe('instrumentProcessor', () => {
    it('should record each attempt and pass results and errors through', async () => {
      const reg = (registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
      const handled = reg.register(new Counter({ name: 'mails_sent_total', description: 'Mails sent' }));
      queue = new Queue(queueName, { connection });
      await queue.add('ok', { fail: false });
      await queue.add('bad', { fail: true }, { attempts: 2 });
      const processor = instrumentProcessor(
        async (job: Job) => {
          await new Promise((r) => setTimeout(r, 5));
          if (job.data.fail) throw new Error(`attempt ${job.attemptsMade + 1} failed`);
          handled.inc();
          return { sent: job.id };
        },
        { registry: reg },
      );
      const w = (worker = new Worker(queueName, processor, { connection }));
      const results: unknown[] = [];
      const errors: string[] = [];
      w.on('completed', (_job, result) => results.push(result));
      w.on('failed', (_job, err) => errors.push(err.message));
      await finishedJobs(w, 3);
      expect(results).to.have.length(1);
      expect(errors).to.deep.equal(['attempt 1 failed', 'attempt 2 failed']);
      // two attempts of the failing job count twice; only the first attempt waited in the queue
      const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
      await eventually(async () =>
        expect(sorted(await seriesOf(client, 'bullmq_jobs_total'))).to.deep.equal({
          [`{outcome="completed",queue="${queueName}"}`]: 1,
          [`{outcome="failed",queue="${queueName}"}`]: 2,
        }),
      );
      await eventually(async () => expect(await seriesOf(client, 'mails_sent_total')).to.deep.equal({ '': 1 }));
      expect(await seriesOf(client, 'bullmq_job_wait_seconds')).to.deep.equal({ [`{queue="${queueName}"}`]: 2 });
      expect(await seriesOf(client, 'bullmq_job_rss_bytes')).to.deep.equal({ [`{queue="${queueName}"}`]: 3 });
      await client.close();
    });

    it('should not count an attempt that moved its job to delayed', async () => {
      const reg = (registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0 }));
      queue = new Queue(queueName, { connection });
      await queue.add('later', { step: 1 });
      const w = (worker = new Worker(
        queueName,
        instrumentProcessor(
          async (job: Job, token?: string) => {
            if (job.data.step === 1) {
              await job.updateData({ step: 2 });
              await job.moveToDelayed(Date.now() + 20, token);
              throw new DelayedError();
            }
            return 'second run';
          },
          { registry: reg },
        ),
        { connection },
      ));
      await finishedJobs(w, 1);
      await expectJobSeries(queueName, 1, 0);
    });

    it('should keep the arity of the processor, which BullMQ reads to pass an AbortSignal', () => {
      const reg = (registry = new CollectorRegistry({ store: new MemoryStore(), namespace: 'arity', flushIntervalMs: 0 }));
      expect(instrumentProcessor(async (_job: Job) => 1, { registry: reg })).to.have.length(1);
      expect(instrumentProcessor(async (_job: Job, _token?: string, _signal?: AbortSignal) => 1, { registry: reg })).to.have.length(3);
      expect(() => instrumentProcessor('./processor.js' as any, { registry: reg })).to.throw(TypeError, /processor function/);
    });
  });

  describe('JobMetrics#started', () => {
    it('should measure the wait from when the job could first run, on the first attempt only', async () => {
      const store = new MemoryStore();
      const reg = (registry = new CollectorRegistry({ store, namespace: 'wait', flushIntervalMs: 0 }));
      const metrics = new JobMetrics({ registry: reg, waitBuckets: [1, 2] });
      metrics.started({ queueName: 'q', timestamp: 10_000, delay: 500, processedOn: 11_750, attemptsStarted: 1 });
      metrics.started({ queueName: 'q', timestamp: 10_000, processedOn: 10_250 });
      metrics.started({ queueName: 'q', timestamp: 10_000, processedOn: 19_000, attemptsStarted: 2 });
      metrics.started({ queueName: 'q', timestamp: 10_000, processedOn: 19_000, attemptsMade: 1 });
      metrics.started({ queueName: 'q', timestamp: 10_000, processedOn: 9_000 });
      await reg.flush();
      const fields = store.fields('wait');
      expect(fields.get('bullmq_job_wait_seconds:c:queue="q"')).to.equal('3');
      expect(fields.get('bullmq_job_wait_seconds:s:queue="q"')).to.equal('1.5');
      expect(fields.get('bullmq_job_wait_seconds:b:le="1",queue="q"')).to.equal('2');
    });
  });
});
