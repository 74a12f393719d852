// The demo run by `npm start`: several processes record metrics into one
// namespace in Redis, and the exposition server serves them.
//
//   npm start                         runs until Ctrl-C
//   npm start -- --duration 10        runs 10 seconds (or DEMO_DURATION=10)
//   npm start -- --port 9465          serves on another port (or DEMO_PORT)
//
// It uses the Redis at REDIS_URL (default redis://127.0.0.1:6379) and the
// namespace DEMO_NAMESPACE (default "demo"), which it clears when it starts.
// When no Redis answers, it runs in one process on the built-in MemoryStore.
import { ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { CollectorRegistry, collectDefaultMetrics, ExpositionServer, MemoryStore } from '../lib';
import { namespaceKey } from '../lib/format';
import type { Logger } from '../lib';
import { startQueueWorker } from './queueWorker';
import { startWebService } from './webService';

const QUEUES = ['email', 'reports'];

/** The live lines printed while the demo runs. */
const SHOWN = [
  /^http_requests_total\{code="200",route="\/products"\}/,
  /^http_requests_total\{code="500",route="\/checkout"\}/,
  /^http_request_duration_seconds_count\{route="\/checkout"\}/,
  /^jobs_processed_total\{outcome="success",queue="email"\}/,
  /^jobs_processed_total\{outcome="error",queue="reports"\}/,
  /^job_duration_seconds\{queue="reports",quantile="0\.9"\}/,
  /^jobs_in_progress\{/,
];

/** Live lines shown for every process: each live process has its own series, and a process that is gone has none. */
const PER_PROCESS = [/^process_resident_memory_bytes\{/];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { duration: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('usage: npm start -- [--duration <seconds>] [--port <port>]\n');
    return;
  }
  const duration = Number(values.duration ?? process.env.DEMO_DURATION ?? 0);
  const port = Number(values.port ?? process.env.DEMO_PORT ?? 9464);
  if (!(duration >= 0) || !Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('demo: --duration must be a number of seconds and --port a port number\n');
    process.exitCode = 2;
    return;
  }
  const namespace = process.env.DEMO_NAMESPACE ?? 'demo';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const started = Date.now();
  const say = (line: string) => process.stdout.write(line + '\n');

  // 1. Redis, or the in-memory store
  const redisAnswers = await ping(redisUrl);
  const children: ChildProcess[] = [];
  const local: Array<{ stop(): Promise<void> }> = [];
  const registries: CollectorRegistry[] = [];
  let webPort: number;
  let source: { redis: string } | { store: MemoryStore };
  let startWorker: ((args: string[]) => Promise<{ child: ChildProcess; port?: number }>) | undefined;
  const logger: Logger = {
    info: () => undefined,
    // the namespace was just cleared: the warning that it is empty says nothing here
    warn: (m, f) => (m.startsWith('namespace holds no metrics') ? undefined : say(`server: ${m} ${JSON.stringify(f ?? {})}`)),
    error: (m, f) => say(`server: ${m} ${JSON.stringify(f ?? {})}`),
  };

  say('instrumentor demo');
  if (redisAnswers) {
    const redis = new Redis(redisUrl);
    const key = namespaceKey(namespace);
    const earlier = (await redis.hkeys(`${key}:processes`)).map((w) => `${key}:process:${w}`); // the processes of an earlier run
    await redis.del(key, `${key}:writers`, `${key}:seen`, `${key}:processes`, `${key}:folded`, ...earlier);
    await redis.quit();
    say(`  store:     Redis at ${redisUrl}, namespace "${namespace}" (cleared)`);
    const env = { ...process.env, REDIS_URL: redisUrl, DEMO_NAMESPACE: namespace };
    const start = (args: string[]) =>
      new Promise<{ child: ChildProcess; port?: number }>((resolve, reject) => {
        const child = fork(join(__dirname, 'child.ts'), args, { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        child.once('message', (m: { port?: number }) => resolve({ child, port: m.port }));
        child.once('exit', (code) => reject(new Error(`the ${args.join(' ')} process ended early (status ${code})`)));
      });
    const [web, ...workers] = await Promise.all([start(['web']), ...QUEUES.map((q) => start(['worker', q]))]);
    webPort = web.port!;
    startWorker = start;
    say(`  processes: web service (pid ${web.child.pid}), ${QUEUES.map((q, i) => `queue worker "${q}" (pid ${workers[i].child.pid})`).join(', ')}`);
    source = { redis: redisUrl };
  } else {
    say(`  store:     no Redis answers at ${redisUrl}: running in this one process on the built-in in-memory store (MemoryStore)`);
    const store = new MemoryStore();
    const registry = (component: string) => {
      const r = new CollectorRegistry({ store, namespace, flushIntervalMs: 500, onError: (e) => say(`${component}: ${e.message}`) });
      registries.push(r);
      return r;
    };
    const webRegistry = registry('web');
    collectDefaultMetrics(webRegistry); // one process here: its runtime metrics once
    const web = await startWebService(webRegistry);
    local.push(web);
    for (const q of QUEUES) local.push(startQueueWorker(registry(q), q));
    webPort = web.port;
    say(`  components: web service, ${QUEUES.map((q) => `queue worker "${q}"`).join(', ')} (pid ${process.pid})`);
    source = { store };
  }

  // 2. the exposition server (on a free port when the one asked for is taken)
  let server = new ExpositionServer({ ...source, namespaces: [namespace], port, host: '127.0.0.1', logger });
  try {
    await server.listen();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    await server.close();
    say(`  port ${port} is taken; using a free one`);
    server = new ExpositionServer({ ...source, namespaces: [namespace], port: 0, host: '127.0.0.1', logger });
    await server.listen();
  }
  const metricsUrl = `http://127.0.0.1:${server.port}/metrics`;
  say(`  metrics:   ${metricsUrl}  (also ${metricsUrl}/${namespace} and http://127.0.0.1:${server.port}/healthz)`);
  say(`  stop with Ctrl-C${duration > 0 ? `; stopping by itself after ${duration} s` : ''}`);
  say('');

  // 3. traffic for the web service
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const calls: Array<[string, string]> = [
    ['GET', '/products'],
    ['GET', '/products/tea'],
    ['GET', '/products/rooibos'],
    ['POST', '/checkout'],
  ];
  const traffic = setInterval(() => {
    const [method, path] = calls[Math.floor(Math.random() * calls.length)];
    const req = request({ host: '127.0.0.1', port: webPort, method, path, agent }, (res) => res.resume());
    req.on('error', () => undefined);
    req.end();
  }, 20);

  // 4. a few live lines, read back through the exposition server
  const show = async (final: boolean) => {
    try {
      const res = await fetch(`${metricsUrl}/${namespace}?format=text`);
      const lines = (await res.text()).split('\n');
      const seconds = Math.round((Date.now() - started) / 1000);
      say(`[${final ? 'final' : `${seconds}s`.padStart(5)}]${res.status === 200 ? '' : ` HTTP ${res.status}`}`);
      for (const pattern of SHOWN) {
        const line = lines.find((l) => pattern.test(l));
        if (line !== undefined) say(`        ${line}`);
      }
      for (const pattern of PER_PROCESS) for (const line of lines.filter((l) => pattern.test(l))) say(`        ${line}`);
    } catch (err) {
      say(`cannot read ${metricsUrl}: ${(err as Error).message}`);
    }
  };
  const ticker = setInterval(() => void show(false), 2000);

  // 5. processes come and go: an extra queue worker joins for a while, then leaves (it says goodbye on close)
  const shift = shiftTimes();
  let extra: ChildProcess | undefined;
  const shiftTimers: NodeJS.Timeout[] = [];
  if (startWorker !== undefined) {
    const join = startWorker;
    const cycle = () => {
      shiftTimers.push(setTimeout(() => {
        void join(['worker', QUEUES[0]]).then(({ child }) => {
          extra = child;
          say(`  (an extra queue worker "${QUEUES[0]}" joins (pid ${child.pid}): its own lines appear)`);
        }, () => undefined);
      }, shift.joinMs));
      const leave = () => {
        const leaving = extra;
        if (leaving === undefined) {
          shiftTimers.push(setTimeout(leave, 1000)); // still starting
          return;
        }
        extra = undefined;
        say(`  (the extra queue worker (pid ${leaving.pid}) leaves: its own lines go)`);
        void stopChild(leaving);
        cycle();
      };
      shiftTimers.push(setTimeout(leave, shift.leaveMs));
    };
    cycle();
  }

  // 6. stop on Ctrl-C, SIGTERM or after the duration
  const reason = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('Ctrl-C'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (duration > 0) setTimeout(() => resolve(`${duration} s passed`), duration * 1000);
  });
  say(`stopping (${reason})`);
  clearInterval(traffic);
  clearInterval(ticker);
  for (const t of shiftTimers) clearTimeout(t);
  agent.destroy();
  await Promise.all(children.map(stopChild));
  for (const c of local) await c.stop();
  for (const r of registries) await r.close();
  await show(true);
  await server.close();
  say('demo stopped');
}

/**
 * shiftTimes says when the extra queue worker joins and leaves, in ms after
 * the live lines start: DEMO_SHIFT="<join>,<leave>" in seconds (default 4,10),
 * again every <leave> seconds after it left.
 */
function shiftTimes(): { joinMs: number; leaveMs: number } {
  const [join, leave] = (process.env.DEMO_SHIFT ?? '4,10').split(',').map(Number);
  return join >= 0 && leave > join ? { joinMs: join * 1000, leaveMs: leave * 1000 } : { joinMs: 4000, leaveMs: 10000 };
}

/** ping tells whether a Redis answers at `url` within a second. */
async function ping(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** stopChild asks a worker process to stop (it flushes first) and kills it after 5 seconds. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

main().catch((err: Error) => {
  process.stderr.write(`demo: ${err.message}\n`);
  process.exit(1);
});
