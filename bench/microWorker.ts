/**
 * One recording benchmark in a process of its own (see isolatedOpsPerSecond
 * in bench/micro.ts): BENCH_MICRO_CASE names what is measured, the process
 * measures it once with mitata and sends millions of calls per second.
 */
import { do_not_optimize, measure } from 'mitata';
import { Histogram } from '../lib';
import { LABEL_NAMES, LABEL_SETS, VALUES } from './microInputs';

/** The cases: a native histogram (schema 3) with or without the 11 default classic buckets, and a classic one. */
function histogramOf(name: string): Histogram<(typeof LABEL_NAMES)[number]> {
  const common = { name: 'bench_seconds', description: 'Latency', allowedLabels: LABEL_NAMES };
  switch (name) {
    case 'native':
      return new Histogram({ ...common, native: {} });
    case 'native_and_classic':
      return new Histogram({ ...common, native: {}, buckets: new Histogram(common).buckets });
    case 'classic':
      return new Histogram(common);
    default:
      throw new Error(`unknown BENCH_MICRO_CASE ${name}`);
  }
}

async function main(): Promise<void> {
  const histogram = histogramOf(process.env.BENCH_MICRO_CASE ?? '');
  let i = 0;
  const stats = await measure(() => histogram.observe(VALUES[i & 1023], LABEL_SETS[i++ & 3]), { min_cpu_time: Number(process.env.BENCH_MICRO_CPU_NS) });
  do_not_optimize(i);
  process.send!(1e3 / stats.avg, () => process.exit(0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
