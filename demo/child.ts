// One process of the demo, forked by demo/main.ts: the web service
// (`child.ts web`) or a queue worker (`child.ts worker <queue>`). It records
// into the demo namespace in Redis and stops cleanly on SIGTERM or SIGINT,
// flushing what is pending.
import { CollectorRegistry, collectDefaultMetrics } from '../lib';
import { startQueueWorker } from './queueWorker';
import { startWebService } from './webService';

async function main(): Promise<void> {
  const [role, queue] = process.argv.slice(2);
  const registry = new CollectorRegistry({
    redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    namespace: process.env.DEMO_NAMESPACE ?? 'demo',
    flushIntervalMs: 500,
    onError: (error) => process.stderr.write(`${role}: ${error.message}\n`),
  });
  // the process's runtime metrics, one series per process (labelled process="<host>:<pid>"), gone when it ends
  const runtime = collectDefaultMetrics(registry);
  let stop: () => Promise<void>;
  if (role === 'web') {
    const web = await startWebService(registry);
    stop = web.stop;
    process.send?.({ type: 'ready', role, port: web.port });
  } else {
    stop = startQueueWorker(registry, queue).stop;
    process.send?.({ type: 'ready', role, queue });
  }
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stop();
    runtime.stop();
    await registry.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  process.on('disconnect', () => void shutdown()); // the demo ended without telling us
}

void main();
