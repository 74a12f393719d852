import { Counter } from '../metrics/Counter';
import { Histogram } from '../metrics/Histogram';
import type { CollectorRegistry } from '../registry/CollectorRegistry';
import { FlushOptions, FlushScheduler } from './FlushScheduler';
import { registerShared } from './registerShared';
import { checkOptionNames, optionNames } from '../util/checkOptionNames';

/** How a job attempt ended: it returned, or it threw. */
export type JobOutcome = 'completed' | 'failed';

/** The default buckets of the job duration and wait histograms, in seconds: 5 ms to 10 minutes. */
export const JOB_SECONDS_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
]);

/** The default buckets of the memory histogram, in bytes: 32 MiB to 8 GiB, doubling. */
export const JOB_MEMORY_BUCKETS: readonly number[] = Object.freeze(
  Array.from({ length: 9 }, (_, i) => 32 * 1024 * 1024 * 2 ** i),
);

/** JobMetricsOptions configure the job metrics of a queue integration. */
export interface JobMetricsOptions extends FlushOptions {
  /** The registry that holds the job metrics and is flushed after each job. */
  registry: CollectorRegistry;
  /**
   * The start of the metric names.
   * @default 'bullmq_'
   */
  prefix?: string;
  /**
   * The buckets of the processing time histogram, in seconds.
   * @default JOB_SECONDS_BUCKETS
   */
  durationBuckets?: readonly number[];
  /**
   * The buckets of the queue wait histogram, in seconds.
   * @default JOB_SECONDS_BUCKETS
   */
  waitBuckets?: readonly number[];
  /**
   * The buckets of the memory histogram, in bytes.
   * @default JOB_MEMORY_BUCKETS
   */
  memoryBuckets?: readonly number[];
}

/** The names of JobMetricsOptions: any other option is refused. */
const JOB_OPTIONS = optionNames<JobMetricsOptions>({
  registry: true,
  prefix: true,
  durationBuckets: true,
  waitBuckets: true,
  memoryBuckets: true,
  flush: true,
  flushDebounceMs: true,
});

/** The parts of a job the metrics read (a BullMQ Job has them all). */
export interface JobTimes {
  /** The name of the queue the job was taken from. */
  readonly queueName: string;
  /** When the job was added, in Unix milliseconds. */
  readonly timestamp: number;
  /** How long after `timestamp` the job was meant to wait, in milliseconds (0 when not delayed). */
  readonly delay?: number;
  /** When the current attempt started, in Unix milliseconds. */
  readonly processedOn?: number;
  /** How many attempts have started, this one included. */
  readonly attemptsStarted?: number;
  /** How many attempts have ended; read when `attemptsStarted` is missing (older BullMQ). */
  readonly attemptsMade?: number;
}

/**
 * JobMetrics are the metrics of processed jobs, all labelled by `queue`:
 * `bullmq_jobs_total` (counter, also by `outcome`: `completed` or `failed`),
 * `bullmq_job_duration_seconds` (processing time, also by `outcome`),
 * `bullmq_job_wait_seconds` (time waited in the queue before the first
 * attempt) and `bullmq_job_rss_bytes` (resident memory of the process when a
 * job finished). They are registered in the registry given, or shared with
 * the ones of the same name registered there already; throws like
 * `CollectorRegistry.register` when a different metric has one of the names.
 *
 * @example
 * const jobs = new JobMetrics({ registry });
 * jobs.started(job);
 * jobs.finished(job.queueName, 'completed', 0.25);
 */
export class JobMetrics {
  /** Jobs attempted, by queue and outcome. */
  readonly jobs: Counter<'queue' | 'outcome'>;
  /** Processing time of an attempt, in seconds, by queue and outcome. */
  readonly duration: Histogram<'queue' | 'outcome'>;
  /** Time from when a job could first run to the start of its first attempt, in seconds, by queue. */
  readonly wait: Histogram<'queue'>;
  /** Resident set size of the process when a job attempt ended, in bytes, by queue. */
  readonly memory: Histogram<'queue'>;
  private readonly flusher: FlushScheduler;

  constructor(options: JobMetricsOptions) {
    if (options === null || typeof options !== 'object' || typeof options.registry?.register !== 'function') {
      throw new TypeError('job metrics need an options object with a registry (a CollectorRegistry)');
    }
    checkOptionNames('JobMetrics', options, JOB_OPTIONS);
    const prefix = options.prefix ?? 'bullmq_';
    if (typeof prefix !== 'string') throw new TypeError(`prefix must be a string, got ${typeof prefix}`);
    const registry = options.registry;
    this.jobs = registerShared(
      registry,
      new Counter({ name: `${prefix}jobs_total`, description: 'Job attempts that ended, by outcome', allowedLabels: ['queue', 'outcome'] }),
    );
    this.duration = registerShared(
      registry,
      new Histogram({
        name: `${prefix}job_duration_seconds`,
        description: 'Processing time of a job attempt, in seconds',
        allowedLabels: ['queue', 'outcome'],
        buckets: options.durationBuckets ?? JOB_SECONDS_BUCKETS,
      }),
    );
    this.wait = registerShared(
      registry,
      new Histogram({
        name: `${prefix}job_wait_seconds`,
        description: 'Time a job waited in the queue before its first attempt started, in seconds',
        allowedLabels: ['queue'],
        buckets: options.waitBuckets ?? JOB_SECONDS_BUCKETS,
      }),
    );
    this.memory = registerShared(
      registry,
      new Histogram({
        name: `${prefix}job_rss_bytes`,
        description: 'Resident set size of the worker process when a job attempt ended, in bytes',
        allowedLabels: ['queue'],
        buckets: options.memoryBuckets ?? JOB_MEMORY_BUCKETS,
      }),
    );
    this.flusher = new FlushScheduler(registry, options);
  }

  /**
   * started records the time `job` waited in the queue, on its first attempt
   * only: from when it was added (plus its delay) to when the attempt
   * started. Later attempts waited for a retry, not for a worker. Never throws.
   */
  started(job: JobTimes): void {
    try {
      const attempt = job.attemptsStarted ?? (job.attemptsMade ?? 0) + 1;
      if (attempt > 1 || typeof job.processedOn !== 'number') return;
      const waited = (job.processedOn - job.timestamp - (job.delay ?? 0)) / 1000;
      this.wait.observe(waited > 0 ? waited : 0, { queue: job.queueName });
    } catch {
      // recording must never break a job
    }
  }

  /**
   * finished counts one ended attempt of a job of `queue`, with its
   * processing time in seconds (undefined when unknown) and the memory of
   * the process now, then asks for a flush. Never throws.
   */
  finished(queue: string, outcome: JobOutcome, seconds: number | undefined): void {
    try {
      this.jobs.inc({ queue, outcome });
      if (seconds !== undefined) this.duration.observe(seconds > 0 ? seconds : 0, { queue, outcome });
      this.memory.observe(process.memoryUsage.rss(), { queue });
    } catch {
      // recording must never break a job
    }
    this.flusher.request();
  }
}
