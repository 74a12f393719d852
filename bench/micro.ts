import { do_not_optimize, measure } from 'mitata';
import * as prom from 'prom-client';
import { Counter, Histogram, Summary } from '../lib';
import { BenchConfig, median } from './config';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { LABEL_NAMES, LABEL_SETS, VALUES } from './microInputs';
import type { Row } from './results';

/** opsPerSecond measures `fn` with mitata and returns millions of calls per second. */
async function opsPerSecond(fn: () => void, config: BenchConfig): Promise<number> {
  const stats = await measure(fn, { min_cpu_time: config.microCpuTimeNs });
  return 1e3 / stats.avg;
}

/** pair measures ours and the reference alternately, `microRounds` times each, and keeps the medians. */
async function pair(ours: () => void, reference: () => void, config: BenchConfig): Promise<{ ours: number; reference: number; samples: number[][] }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < config.microRounds; r++) {
    a.push(await opsPerSecond(ours, config));
    b.push(await opsPerSecond(reference, config));
  }
  return { ours: median(a), reference: median(b), samples: [a, b] };
}

/** isolatedOpsPerSecond measures one case of bench/microWorker.ts in a fresh process, in millions of calls per second. */
function isolatedOpsPerSecond(name: string, config: BenchConfig): Promise<number> {
  const child = fork(path.join(__dirname, 'microWorker.ts'), [], {
    execArgv: ['--import', 'tsx', '--disable-warning=INSTRUMENTOR_UNREGISTERED'],
    env: { ...process.env, BENCH_MICRO_CASE: name, BENCH_MICRO_CPU_NS: String(config.microCpuTimeNs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: number | undefined;
    child.on('message', (m) => (result = Number(m)));
    child.once('exit', (code) => (result !== undefined ? resolve(result) : reject(new Error(`the ${name} benchmark process exited with ${code}`))));
  });
}

/**
 * runMicro measures the recording paths of both libraries in this process,
 * side by side: labelled `counter.inc`, a bound child's `inc`, labelled
 * histogram `observe` and labelled summary `observe`; and our native
 * histogram's `observe` against our classic one's (at most 1.5 times the
 * time: at least 0.67 times the rate), each in a process of its own.
 */
export async function runMicro(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const details: Record<string, unknown> = {};
  const rows: Row[] = [];
  const promRegistry = new prom.Registry();
  let i = 0;

  // labelled counter.inc
  {
    const ours = new Counter({ name: 'bench_requests_total', description: 'Requests', allowedLabels: LABEL_NAMES });
    const ref = new prom.Counter({ name: 'bench_requests_total', help: 'Requests', labelNames: LABEL_NAMES, registers: [promRegistry] });
    const r = await pair(
      () => ours.inc(1, LABEL_SETS[i++ & 3]),
      () => ref.inc(LABEL_SETS[i++ & 3], 1),
      config,
    );
    details.counterInc = r;
    rows.push({
      id: 'counter_inc', title: 'labelled `counter.inc(value, labels)`', unit: 'M ops/s',
      ours: r.ours, referenceName: 'prom-client `counter.inc(labels, value)`', reference: r.reference,
      target: { op: '>=', ratio: 2 },
    });
  }

  // bound child inc
  {
    const ours = new Counter({ name: 'bench_bound_total', description: 'Requests', allowedLabels: LABEL_NAMES });
    const ref = new prom.Counter({ name: 'bench_bound_total', help: 'Requests', labelNames: LABEL_NAMES, registers: [promRegistry] });
    const oursChildren = LABEL_SETS.map((l) => ours.labels(l));
    const refChildren = LABEL_SETS.map((l) => ref.labels(l));
    const r = await pair(
      () => oursChildren[i++ & 3].inc(),
      () => refChildren[i++ & 3].inc(),
      config,
    );
    details.boundInc = r;
    rows.push({
      id: 'bound_inc', title: 'bound child `inc()`', unit: 'M ops/s',
      ours: r.ours, referenceName: 'prom-client `labels(...).inc()` (child made once)', reference: r.reference,
      target: { op: '>=', ratio: 10 },
    });
  }

  // labelled histogram observe
  {
    const ours = new Histogram({ name: 'bench_latency_seconds', description: 'Latency', allowedLabels: LABEL_NAMES });
    const ref = new prom.Histogram({ name: 'bench_latency_seconds', help: 'Latency', labelNames: LABEL_NAMES, registers: [promRegistry] });
    const r = await pair(
      () => ours.observe(VALUES[i & 1023], LABEL_SETS[i++ & 3]),
      () => ref.observe(LABEL_SETS[i & 3], VALUES[i++ & 1023]),
      config,
    );
    details.histogramObserve = r;
    rows.push({
      id: 'histogram_observe', title: 'labelled histogram `observe` (11 buckets)', unit: 'M ops/s',
      ours: r.ours, referenceName: 'prom-client Histogram `observe(labels, value)`', reference: r.reference,
      target: { op: '>=', ratio: 2 },
    });
  }

  // native histogram observe against our classic one with 11 buckets: the native buckets may cost at most 1.5x.
  // Each side runs in a process of its own: in one process the JIT's state from one histogram changes the other's
  // speed (the same classic observe measured 9.15 and 4.53 M ops/s in two sections of one run).
  for (const withClassic of [false, true]) {
    const ours = withClassic ? 'native_and_classic' : 'native';
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < config.microRounds; r++) {
      a.push(await isolatedOpsPerSecond(ours, config));
      b.push(await isolatedOpsPerSecond('classic', config));
    }
    const r = { ours: median(a), reference: median(b), samples: [a, b] };
    details[withClassic ? 'nativeAndClassicObserve' : 'nativeObserve'] = r;
    rows.push({
      id: withClassic ? 'native_and_classic_observe' : 'native_observe',
      title: withClassic ? 'labelled native histogram `observe`, with the 11 classic buckets too' : 'labelled native histogram `observe` (schema 3)',
      unit: 'M ops/s',
      ours: r.ours, referenceName: 'our classic histogram `observe` (11 buckets), in a process of its own', reference: r.reference,
      target: { op: '>=', ratio: 0.67 },
    });
  }

  // labelled summary observe, both with the quantiles 0.5, 0.9 and 0.99
  {
    const ours = new Summary({ name: 'bench_size_bytes', description: 'Size', allowedLabels: LABEL_NAMES, quantiles: [0.5, 0.9, 0.99] });
    const ref = new prom.Summary({ name: 'bench_size_bytes', help: 'Size', labelNames: LABEL_NAMES, percentiles: [0.5, 0.9, 0.99], registers: [promRegistry] });
    const r = await pair(
      () => ours.observe(VALUES[i & 1023], LABEL_SETS[i++ & 3]),
      () => ref.observe(LABEL_SETS[i & 3], VALUES[i++ & 1023]),
      config,
    );
    details.summaryObserve = r;
    rows.push({
      id: 'summary_observe', title: 'labelled summary `observe` (3 quantiles)', unit: 'M ops/s',
      ours: r.ours, referenceName: 'prom-client Summary `observe(labels, value)`', reference: r.reference,
      target: { op: '>=', ratio: 2 },
    });
  }

  do_not_optimize(i);
  return { rows, details };
}
