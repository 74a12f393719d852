import { CollectorRegistry, Counter, Gauge, Summary, timer } from '../lib';

/** A running queue worker of the demo. */
export interface QueueWorker {
  stop(): Promise<void>;
}

/**
 * startQueueWorker starts a worker that takes jobs from a simulated queue
 * and runs them: a decorated `run` counts jobs by outcome and tracks the jobs
 * in progress, a `timer()` measures each job into a summary (quantiles merged
 * across workers), and a gauge holds the length of the queue.
 */
export function startQueueWorker(registry: CollectorRegistry, queue: string): QueueWorker {
  const processed = registry.register(
    new Counter({ name: 'jobs_processed_total', description: 'Jobs run, by queue and outcome', allowedLabels: ['queue', 'outcome'] }),
  );
  const running = registry.register(new Gauge({ name: 'jobs_in_progress', description: 'Jobs running', allowedLabels: ['queue'], aggregate: 'liveSum' }));
  const duration = registry.register(
    new Summary({ name: 'job_duration_seconds', description: 'Time to run a job', allowedLabels: ['queue'], quantiles: [0.5, 0.9, 0.99], maxAgeSeconds: 60 }),
  );
  const waiting = registry.register(new Gauge({ name: 'queue_waiting_jobs', description: 'Jobs waiting in the queue', allowedLabels: ['queue'] }));

  class Worker {
    @processed.count({ labels: { queue }, outcomeLabel: 'outcome' })
    @running.track({ labels: { queue } })
    async run(job: number): Promise<void> {
      const t = timer(duration, { labels: { queue } });
      try {
        await pause(20 + Math.random() * (queue === 'reports' ? 200 : 40));
        if (job % 13 === 0) throw new Error(`job ${job} failed`);
      } finally {
        t.end();
      }
    }
  }

  const worker = new Worker();
  let backlog = 0;
  let next = 1;
  let stopped = false;
  const arrivals = setInterval(() => {
    backlog += Math.floor(Math.random() * 4);
    waiting.set(backlog, { queue });
  }, 100);
  const loop = (async () => {
    while (!stopped) {
      if (backlog === 0) {
        await pause(20);
        continue;
      }
      backlog--;
      waiting.set(backlog, { queue });
      await worker.run(next++).catch(() => undefined); // the failure is counted by the decorator
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(arrivals);
      await loop;
    },
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
