// @ts-nocheck
import { performance } from 'node:perf_hooks';
import type { Job, Processor, Worker } from 'bullmq';
import { JobMetrics, JobMetricsOptions } from './JobMetrics';

/** BullMQMetricsOptions configure `instrumentWorker` and `instrumentProcessor`; see JobMetricsOptions. */
export type BullMQMetricsOptions = JobMetricsOptions;

/**
 * instrumentWorker records the jobs a BullMQ worker processes, from its
 * `active`, `completed` and `failed` events: jobs by queue and outcome,
 * processing time, time waited in the queue, and memory; and flushes the
 * registry after each job. It works for sandboxed processors too (then the
 * memory is that of the worker's own process, not the sandbox's). The
 * processing time runs from `active` to `completed` or `failed`, so it
 * includes BullMQ's own round trip that stores the job's result. Returns the
 * worker. Throws a TypeError when the options have no registry, and like
 * `CollectorRegistry.register` when other metrics have the names. Use either
 * this or `instrumentProcessor` for a worker, not both.
 *
 * @example
 * const worker = instrumentWorker(new Worker('mail', sendMail, { connection }), { registry });
 */
export function instrumentWorker<W extends Worker<any, any, any>>(worker: W, options: BullMQMetricsOptions): W {
  const metrics = new JobMetrics(options);
  const started = new WeakMap<Job, number>();
  const finished = (job: Job | undefined, outcome: 'completed' | 'failed') => {
    const start = job === undefined ? undefined : started.get(job);
    if (job !== undefined) started.delete(job);
    const seconds = start === undefined ? undefined : (performance.now() - start) / 1000;
    metrics.finished(job?.queueName ?? worker.name, outcome, seconds);
  };
  worker.on('active', (job: Job) => {
    started.set(job, performance.now());
    metrics.started(job);
  });
  worker.on('completed', (job: Job) => finished(job, 'completed'));
  worker.on('failed', (job: Job | undefined) => finished(job, 'failed'));
  return worker;
}

/**
 * instrumentProcessor wraps a BullMQ processor function: each call records
 * the job's wait in the queue, its processing time and outcome
 * (`completed` when it returns, `failed` when it throws) and the memory of
 * the process, then starts a flush of the registry without waiting for it.
 * The job's result and error pass through unchanged. An error that only
 * moves the job (DelayedError, WaitingError, WaitingChildrenError,
 * RateLimitError) is not counted: the job runs again later. Throws a
 * TypeError when `processor` is not a function or the options have no
 * registry.
 *
 * @example
 * const worker = new Worker('mail', instrumentProcessor(async (job) => sendMail(job.data), { registry }), { connection });
 */
export function instrumentProcessor<T = any, R = any, N extends string = string>(
  processor: Processor<T, R, N>,
  options: BullMQMetricsOptions,
): Processor<T, R, N> {
  if (typeof processor !== 'function') {
    throw new TypeError(`instrumentProcessor needs a processor function, got ${typeof processor}`);
  }
  const metrics = new JobMetrics(options);
  const wrapped = async function (this: unknown, job: Job<T, R, N>, token?: string, signal?: AbortSignal): Promise<R> {
    metrics.started(job);
    const start = performance.now();
    try {
      const result = await processor.call(this, job, token, signal);
      metrics.finished(job.queueName, 'completed', (performance.now() - start) / 1000);
      return result;
    } catch (err) {
      if (!movesJob(err)) metrics.finished(job.queueName, 'failed', (performance.now() - start) / 1000);
      throw err;
    }
  };
  // BullMQ passes an AbortSignal only to processors that declare a third parameter
  Object.defineProperty(wrapped, 'length', { value: processor.length });
  return wrapped as Processor<T, R, N>;
}

const MOVING_ERRORS = new Set(['DelayedError', 'WaitingError', 'WaitingChildrenError', 'RateLimitError']);

/** movesJob tells the errors a processor throws to move its job elsewhere, not to fail it. */
function movesJob(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { name?: unknown; message?: unknown };
  return MOVING_ERRORS.has(String(e.name)) || e.message === 'bullmq:rateLimitExceeded';
}

export { JobMetrics, JOB_SECONDS_BUCKETS, JOB_MEMORY_BUCKETS } from './JobMetrics';
export type { JobMetricsOptions, JobOutcome, JobTimes } from './JobMetrics';
export type { FlushOptions } from './FlushScheduler';
