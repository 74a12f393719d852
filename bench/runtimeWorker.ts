// One process of the runtime-metrics benchmark: idles with a registry (flush every second) and, by BENCH_RUNTIME, Instrumentor's or
// prom-client's runtime metrics, switched on and off in alternate windows after a warm-up; reports its CPU time per second in each state.
import { CollectorRegistry, collectDefaultMetrics } from '../lib';

const kind = process.env.BENCH_RUNTIME ?? 'instrumentor';
const windowMs = Number(process.env.BENCH_WINDOW_MS ?? 5000);
const windows = Number(process.env.BENCH_WINDOWS ?? 4);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const registry = new CollectorRegistry({ redis: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', namespace: process.env.BENCH_NAMESPACE ?? 'bench-runtime', cleanupIntervalMs: 0 });
  let on: () => void;
  let off: () => void;
  if (kind === 'instrumentor') {
    const runtime = collectDefaultMetrics(registry);
    on = () => runtime.metrics.forEach((m) => registry.register(m));
    off = () => runtime.metrics.forEach((m) => registry.unregister(m));
  } else {
    const prom = await import('prom-client');
    const r = new prom.Registry();
    prom.collectDefaultMetrics({ register: r });
    let timer: NodeJS.Timeout | undefined;
    on = () => (timer = setInterval(() => void r.metrics(), 1000)); // prom-client computes its values when scraped: once a second
    off = () => clearInterval(timer);
    on();
  }
  await sleep(2000); // warm-up, with the metrics on
  const spent = { on: 0, off: 0 };
  for (let i = 0; i < windows; i++) {
    const state = i % 2 === 0 ? 'off' : 'on';
    if (state === 'off') off();
    else on();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(windowMs);
    const cpu = process.cpuUsage(cpu0);
    spent[state] += (cpu.user + cpu.system) / 1000 / ((performance.now() - t0) / 1000) / (windows / 2);
  }
  off();
  await registry.close();
  process.send?.(spent);
}

void main();
