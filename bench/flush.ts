import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Redis from 'ioredis';
import { CollectorRegistry, Counter } from '../lib';
import { namespaceKey, seenKey, writersKey } from '../lib/codec/field';
import { freePort } from '../spec/support/redisServer';
import { BenchConfig, median, uniqueName } from './config';
import type { Row } from './results';

/** redisBenchmark runs redis-benchmark with a pipeline of 64 on one command and returns its requests per second. */
function redisBenchmark(url: URL, requests: number, command: string[]): number | null {
  const args = ['-h', url.hostname, '-p', url.port || '6379', '-n', String(requests), '-P', '64', '-r', '100000', '--csv', ...command];
  const out = spawnSync('redis-benchmark', args, { encoding: 'utf8', timeout: 60_000 });
  if (out.status !== 0) return null;
  const line = out.stdout.trim().split('\n').pop() ?? '';
  const rps = Number(JSON.parse(`[${line}]`)[1]);
  return Number.isFinite(rps) ? rps : null;
}

/** A registry and a counter of `series` label sets, in a namespace of its own. */
interface FlushSubject {
  readonly namespace: string;
  readonly registry: CollectorRegistry;
  readonly counter: Counter<'route' | 'status'>;
  readonly labels: ReadonlyArray<{ route: string; status: string }>;
}

function subject(redis: Redis, series: number): FlushSubject {
  const namespace = uniqueName('bench-flush');
  const registry = new CollectorRegistry({ redis, namespace, flushIntervalMs: 0 });
  const counter = registry.register(
    new Counter({ name: 'bench_flush_total', description: 'Flush benchmark', allowedLabels: ['route', 'status'] }),
  );
  const labels = Array.from({ length: series }, (_, n) => ({ route: `/api/v1/items/${n}`, status: String(200 + (n % 5)) }));
  return { namespace, registry, counter, labels };
}

async function dispose(redis: Redis, s: FlushSubject): Promise<void> {
  await s.registry.close();
  await redis.unlink(namespaceKey(s.namespace), writersKey(s.namespace), seenKey(s.namespace)).catch(() => undefined);
}

/** One measured flush: its rate, the Node.js CPU it used per wall millisecond, and the event loop's longest and 99th-percentile delays meanwhile. */
interface FlushSample {
  readonly ms: number;
  readonly rate: number;
  readonly cpuShare: number;
  readonly loopMaxMs: number;
  readonly loopP99Ms: number;
  /** The most CPU time this process used between two turns of the event loop (a 1 ms timer), in milliseconds: the longest block, whatever else the machine ran. */
  readonly cpuBlockMs: number;
}

/**
 * watchCpuBlocks runs a 1 ms timer until stopped and returns the most CPU
 * time the process used between two of its turns: on a busy machine the
 * event loop's delays include time the OS gave other processes, this does not.
 */
function watchCpuBlocks(): () => number {
  let last = process.cpuUsage();
  let max = 0;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const used = process.cpuUsage(last);
    last = process.cpuUsage();
    max = Math.max(max, (used.user + used.system) / 1e3);
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return () => {
    clearTimeout(timer);
    return max;
  };
}

/** flushOnce dirties every series of `s` and times one flush, watching the event loop with monitorEventLoopDelay (1 ms resolution). */
async function flushOnce(s: FlushSubject): Promise<FlushSample> {
  for (const l of s.labels) s.counter.inc(3, l);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpuBlocks = watchCpuBlocks();
  // the histogram's first tick only starts its clock: let it tick before the flush, or a block at the start goes unseen
  await new Promise((resolve) => setTimeout(resolve, 5));
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const ok = await s.registry.flush();
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  // one more turn, so that a block at the very end of the flush is seen too
  await new Promise((resolve) => setTimeout(resolve, 2));
  loop.disable();
  const cpuBlockMs = cpuBlocks();
  if (!ok) throw new Error('a measured flush failed');
  return { ms, rate: s.labels.length / ms / 1e3, cpuShare: (used.user + used.system) / 1e3 / ms, loopMaxMs: loop.max / 1e6, loopP99Ms: loop.percentile(99) / 1e6, cpuBlockMs };
}

/** A redis-server of the benchmark's own, so that INFO commandstats counts no one else's commands. */
async function ownRedis(): Promise<{ url: string; pid: number; stop(): Promise<void> } | null> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-bench-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined); // refused while the server starts
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return { url: `redis://127.0.0.1:${port}`, pid: child.pid!, stop };
    } catch {
      probe.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await stop();
  return null;
}

/** processCpuMs reads the CPU time a process has used, in milliseconds (Linux /proc), or NaN where there is no /proc. */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function fmtUs(us: number | null | undefined): string {
  return us === null || us === undefined || !Number.isFinite(us) ? 'n/a' : `${us.toFixed(2)} µs`;
}

/** commandUsec reads the total microseconds and calls of one command from INFO commandstats. */
async function commandUsec(redis: Redis, command: string): Promise<{ calls: number; usec: number }> {
  const info = await redis.info('commandstats');
  const m = new RegExp(`cmdstat_${command}:calls=(\\d+),usec=(\\d+)`).exec(info);
  return m === null ? { calls: 0, usec: 0 } : { calls: Number(m[1]), usec: Number(m[2]) };
}

/** What Redis spent per flushed field, and per pipelined HINCRBY, in microseconds. */
interface RedisCost {
  /** INFO commandstats: the time spent in EVALSHA per field (wall time inside the command). */
  readonly script: number;
  /** The server process's CPU time (user + system, /proc) during the flushes, per field: reading, parsing, running, replying. */
  readonly scriptProcessCpu: number;
  readonly hincrby: number | null;
  readonly hincrbyProcessCpu: number | null;
}

/**
 * redisCpuPerField flushes `series` dirty counter series `rounds` times into
 * a Redis of its own and returns the microseconds Redis spent per field,
 * from INFO commandstats (EVALSHA) and from the server's CPU time, and the
 * same for redis-benchmark's pipelined HINCRBY per call, for reference.
 */
async function redisCpuPerField(series: number, rounds: number, requests: number): Promise<RedisCost | null> {
  const server = await ownRedis();
  if (server === null) return null;
  const redis = new Redis(server.url);
  const s = subject(redis, series);
  try {
    for (const l of s.labels) s.counter.inc(l);
    if (!(await s.registry.flush())) throw new Error('the first flush failed');
    const before = await commandUsec(redis, 'evalsha');
    const cpuBefore = processCpuMs(server.pid);
    for (let r = 0; r < rounds; r++) await flushOnce(s);
    const cpuAfter = processCpuMs(server.pid);
    const after = await commandUsec(redis, 'evalsha');
    const script = (after.usec - before.usec) / (series * rounds);
    await redis.config('RESETSTAT');
    const hCpuBefore = processCpuMs(server.pid);
    const ran = redisBenchmark(new URL(server.url), requests, ['hincrby', 'instrumentor-bench:{hincrby}', 'f:__rand_int__', '1']);
    const hCpuAfter = processCpuMs(server.pid);
    const h = await commandUsec(redis, 'hincrby');
    const ok = ran !== null && h.calls > 0;
    return {
      script,
      scriptProcessCpu: ((cpuAfter - cpuBefore) * 1000) / (series * rounds),
      hincrby: ok ? h.usec / h.calls : null,
      hincrbyProcessCpu: ok ? ((hCpuAfter - hCpuBefore) * 1000) / h.calls : null,
    };
  } finally {
    await dispose(redis, s).catch(() => undefined);
    redis.disconnect();
    await server.stop();
  }
}

/**
 * runFlush measures how many dirty fields per second a flush moves into
 * Redis (100,000 fields, and 1,000), how long it blocks the event loop at a
 * time (drained in slices, and in one go for reference), Redis' CPU time
 * per flushed field, and, in the same run against the same Redis,
 * redis-benchmark's pipelined HINCRBY and HINCRBYFLOAT rates on random
 * fields of one hash.
 */
export async function runFlush(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const redis = new Redis(config.redisUrl);
  const benchKey = `instrumentor-bench:{${uniqueName('hincrby')}}`;
  const large = subject(redis, config.flushSeries);
  const small = subject(redis, 1000);
  try {
    for (const s of [large, small]) {
      for (const l of s.labels) s.counter.inc(l);
      if (!(await s.registry.flush())) throw new Error('the first flush failed');
    }
    // sliced (the default) and in one go, alternately
    const sliced: FlushSample[] = [];
    const whole: FlushSample[] = [];
    for (let r = 0; r < config.flushRounds; r++) {
      large.registry._sliceMs = Infinity;
      whole.push(await flushOnce(large));
      large.registry._sliceMs = 5;
      sliced.push(await flushOnce(large));
    }
    // the event loop of this process doing nothing, as long as a flush: what the machine alone costs
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, median(sliced.map((x) => x.ms))));
    idle.disable();
    const smallSamples: FlushSample[] = [];
    for (let r = 0; r < config.flushRounds * 20; r++) smallSamples.push(await flushOnce(small));
    const check = Number(await redis.hget(namespaceKey(large.namespace), 'bench_flush_total::route="/api/v1/items/0",status="200"'));

    const url = new URL(config.redisUrl);
    const hincrby = redisBenchmark(url, config.redisBenchmarkRequests, ['hincrby', benchKey, 'f:__rand_int__', '1']);
    await redis.unlink(benchKey);
    const hincrbyfloat = redisBenchmark(url, config.redisBenchmarkRequests, ['hincrbyfloat', benchKey, 'f:__rand_int__', '1']);
    await redis.unlink(benchKey);
    const cpu = await redisCpuPerField(config.flushSeries, config.flushRounds, config.redisBenchmarkRequests);

    const med = (samples: readonly FlushSample[], key: keyof FlushSample) => median(samples.map((x) => x[key]));
    const ours = med(sliced, 'rate');
    const hincrbyM = hincrby === null ? null : hincrby / 1e6;
    const details = {
      series: config.flushSeries,
      sliced, whole, small: smallSamples, idleLoopMaxMs: idle.max / 1e6, idleLoopP99Ms: idle.percentile(99) / 1e6,
      checkValue: check,
      expectedCheckValue: 1 + 3 * 2 * config.flushRounds,
      redisBenchmarkHincrby: hincrby,
      redisBenchmarkHincrbyfloat: hincrbyfloat,
      redisCpu: cpu,
    };
    const n = config.flushSeries.toLocaleString('en-US');
    return {
      details,
      rows: [
        {
          id: 'flush', title: `flush of ${n} dirty counter fields into Redis`, unit: 'M fields/s',
          ours, referenceName: 'redis-benchmark pipelined HINCRBY (-P 64)', reference: hincrbyM,
          target: { op: '>=', ratio: 0.75 },
          note:
            `redis-benchmark pipelined HINCRBYFLOAT (the command for float deltas): ${hincrbyfloat === null ? 'n/a' : (hincrbyfloat / 1e6).toFixed(2) + ' M/s'}.` +
            ` Node.js CPU per wall millisecond of the flush: ${med(sliced, 'cpuShare').toFixed(2)}. Value check: ${check} (expected ${details.expectedCheckValue}).`,
        },
        {
          id: 'flush_small', title: 'flush of 1,000 dirty counter fields into Redis', unit: 'M fields/s',
          ours: med(smallSamples, 'rate'), referenceName: 'redis-benchmark pipelined HINCRBY (-P 64)', reference: hincrbyM,
          target: { op: '>=', absolute: 0.5 },
          note: `median of ${smallSamples.length} flushes; median ${med(smallSamples, 'ms').toFixed(2)} ms a flush, fastest ${Math.min(...smallSamples.map((x) => x.ms)).toFixed(2)} ms.`,
        },
        {
          id: 'flush_redis_cpu', title: 'Redis CPU per flushed field (INFO commandstats, EVALSHA)', unit: 'µs',
          ours: cpu?.script ?? null, referenceName: 'pipelined HINCRBY per call, same server', reference: cpu?.hincrby ?? null,
          target: { op: '<=', absolute: 1.0 },
          note:
            `a redis-server of the benchmark's own (so that no other client's EVALSHA is counted), ${config.flushRounds} flushes of ${n} fields, a script call per batch (at most 2,000 fields and 60,000 characters: about 950 of these fields);` +
            ` the reference is HINCRBY alone, without reading and parsing it. commandstats counts wall time inside the command, so a busy machine inflates it;` +
            ` the server's own CPU time (/proc, reading and replying included) was ${fmtUs(cpu?.scriptProcessCpu)} per field, and ${fmtUs(cpu?.hincrbyProcessCpu)} per pipelined HINCRBY.`,
        },
        {
          id: 'flush_event_loop', title: `flush of ${n} dirty series: longest event-loop block`, unit: 'ms',
          ours: Math.max(...sliced.map((x) => x.loopMaxMs)), referenceName: 'the same flush drained in one go', reference: Math.max(...whole.map((x) => x.loopMaxMs)),
          target: { op: '<=', absolute: 20 },
          note:
            `monitorEventLoopDelay (1 ms resolution), the largest max over ${sliced.length} flushes; p99 ${Math.max(...sliced.map((x) => x.loopP99Ms)).toFixed(1)} ms sliced,` +
            ` ${Math.max(...whole.map((x) => x.loopP99Ms)).toFixed(1)} ms in one go. The same process idle as long: max ${(idle.max / 1e6).toFixed(1)} ms, p99 ${(idle.percentile(99) / 1e6).toFixed(1)} ms` +
            ` (the machine's share).`,
        },
        {
          id: 'flush_cpu_block', title: `flush of ${n} dirty series: most CPU time between two turns of the event loop`, unit: 'ms',
          ours: Math.max(...sliced.map((x) => x.cpuBlockMs)), referenceName: 'the same flush drained in one go', reference: Math.max(...whole.map((x) => x.cpuBlockMs)),
          target: { op: '<=', absolute: 20 },
          note: 'process.cpuUsage() read on every turn of a 1 ms timer, the largest difference: the longest block counted in CPU time, which other processes on a busy machine do not inflate (GC helper threads do count).',
        },
        {
          id: 'flush_sliced_total', title: `flush of ${n} dirty series in slices: total time`, unit: 'ms',
          ours: med(sliced, 'ms'), referenceName: 'the same flush drained in one go', reference: med(whole, 'ms'),
          target: { op: '<=', ratio: 1.2 },
        },
      ],
    };
  } finally {
    await dispose(redis, large).catch(() => undefined);
    await dispose(redis, small).catch(() => undefined);
    await redis.unlink(benchKey).catch(() => undefined);
    redis.disconnect();
  }
}
