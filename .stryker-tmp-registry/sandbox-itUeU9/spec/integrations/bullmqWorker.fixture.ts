// @ts-nocheck
// A worker process for bullmq.spec.ts: processes jobs of one queue into one namespace, then reports
// how many jobs it took when asked to stop. argv: redis URL, queue name, namespace.
import { Job, Worker } from 'bullmq';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { instrumentWorker } from '../../lib/integrations/bullmq';

const [url, queueName, namespace] = process.argv.slice(2);
const registry = new CollectorRegistry({ redis: url, namespace, flushIntervalMs: 0 });
let taken = 0;
const worker = instrumentWorker(
  new Worker(
    queueName,
    async (job: Job) => {
      taken++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (job.data.fail) throw new Error('failed on purpose');
    },
    { connection: { url, maxRetriesPerRequest: null }, concurrency: 1 },
  ),
  { registry },
);
worker.on('ready', () => process.send!({ ready: true }));
process.on('message', async () => {
  await worker.close();
  const flushed = await registry.close();
  process.send!({ taken, flushed }, () => process.exit(0));
});
