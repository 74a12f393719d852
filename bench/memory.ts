import * as prom from 'prom-client';
import { Counter, Histogram, Summary } from '../lib';
import type { BenchConfig } from './config';
import type { Row } from './results';

/** heapAfterGc collects garbage (the run needs `--expose-gc`) and returns the heap in use, in bytes. */
function heapAfterGc(): number {
  const gc = (globalThis as any).gc as (() => void) | undefined;
  if (gc === undefined) throw new Error('memory figures need node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** bytesPerSeries returns the heap growth per series of `create(n)` for `n` series, the created objects kept alive. */
function bytesPerSeries(count: number, create: (count: number) => unknown): number {
  const before = heapAfterGc();
  const keep = create(count);
  const after = heapAfterGc();
  if (keep === undefined) throw new Error('nothing kept');
  return (after - before) / count;
}

const labelsOf = (n: number) => ({ route: `/api/v1/items/${n}`, method: 'GET', status: '200' });
const LABELS = ['route', 'method', 'status'] as const;

/**
 * runMemory measures the heap each buffered (dirty, not yet flushed) series
 * costs: a counter series, a histogram series (11 buckets) and a summary
 * series (quantiles 0.5, 0.9 and 0.99) with three labels, next to
 * prom-client's for the same series.
 */
export async function runMemory(config: BenchConfig): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const n = config.memorySeries;
  const counter = bytesPerSeries(n, (count) => {
    const c = new Counter({ name: 'mem_total', description: 'Memory', allowedLabels: LABELS });
    for (let i = 0; i < count; i++) c.inc(labelsOf(i));
    return c;
  });
  const promCounter = bytesPerSeries(n, (count) => {
    const c = new prom.Counter({ name: 'mem_total', help: 'Memory', labelNames: LABELS, registers: [] });
    for (let i = 0; i < count; i++) c.inc(labelsOf(i));
    return c;
  });
  const histogram = bytesPerSeries(n, (count) => {
    const h = new Histogram({ name: 'mem_seconds', description: 'Memory', allowedLabels: LABELS });
    for (let i = 0; i < count; i++) h.observe(0.2, labelsOf(i));
    return h;
  });
  const promHistogram = bytesPerSeries(n, (count) => {
    const h = new prom.Histogram({ name: 'mem_seconds', help: 'Memory', labelNames: LABELS, registers: [] });
    for (let i = 0; i < count; i++) h.observe(labelsOf(i), 0.2);
    return h;
  });
  const summary = bytesPerSeries(n, (count) => {
    const h = new Summary({ name: 'mem_summary_seconds', description: 'Memory', allowedLabels: LABELS, quantiles: [0.5, 0.9, 0.99] });
    for (let i = 0; i < count; i++) h.observe(0.2, labelsOf(i));
    return h;
  });
  const promSummary = bytesPerSeries(n, (count) => {
    const h = new prom.Summary({ name: 'mem_summary_seconds', help: 'Memory', labelNames: LABELS, percentiles: [0.5, 0.9, 0.99], registers: [] });
    for (let i = 0; i < count; i++) h.observe(labelsOf(i), 0.2);
    return h;
  });
  const details = {
    series: n, counterBytes: counter, promCounterBytes: promCounter, histogramBytes: histogram, promHistogramBytes: promHistogram,
    summaryBytes: summary, promSummaryBytes: promSummary,
  };
  const note = `Heap growth after GC for ${n.toLocaleString('en-US')} series with 3 labels, each updated once and not yet flushed, label objects included.`;
  return {
    details,
    rows: [
      {
        id: 'memory_counter', title: 'memory per buffered counter series', unit: 'bytes', ours: counter,
        referenceName: 'prom-client counter series', reference: promCounter, target: { op: '<=', ratio: 1.2 }, note,
      },
      {
        id: 'memory_histogram', title: 'memory per buffered histogram series (11 buckets)', unit: 'bytes', ours: histogram,
        referenceName: 'prom-client histogram series', reference: promHistogram, target: { op: '<=', ratio: 1.5 },
      },
      {
        id: 'memory_summary', title: 'memory per buffered summary series (3 quantiles)', unit: 'bytes', ours: summary,
        referenceName: 'prom-client summary series', reference: promSummary, target: { op: '<=', ratio: 1.5 },
      },
    ],
  };
}
