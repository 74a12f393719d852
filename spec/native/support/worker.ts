// A writing process for the native histogram specs: records its slice of the
// seeded data sets into two native histograms of one namespace, flushes,
// closes and exits (1 on failure). `same`: every process with the defaults;
// `mixed`: each process with its own resolution (WORKER_OPTIONS).
import { CollectorRegistry } from '../../../lib/registry/CollectorRegistry';
import { Histogram } from '../../../lib/metrics/Histogram';
import { DATASETS, DATASET_SIZE } from '../../summary/support/data';
import { MIXED_DATASETS, SAME_DATASETS, WORKER_OPTIONS } from './plan';

const [url, namespace, indexText, countText] = process.argv.slice(2);
const index = Number(indexText);
const count = Number(countText);

async function main(): Promise<void> {
  const registry = new CollectorRegistry({ redis: url, namespace, flushIntervalMs: 0 });
  let failed = false;
  registry.on('error', () => (failed = true));
  const same = registry.register(new Histogram({ name: 'spec_same', description: 'Same resolution', allowedLabels: ['dist'], native: {} }));
  const mixed = registry.register(
    new Histogram({ name: 'spec_mixed', description: 'Mixed resolutions', allowedLabels: ['dist'], native: WORKER_OPTIONS[index] }),
  );
  for (const [histogram, names] of [[same, SAME_DATASETS], [mixed, MIXED_DATASETS]] as const) {
    for (const dist of names) {
      const values = DATASETS[dist](DATASET_SIZE);
      for (let i = index; i < values.length; i += count) {
        histogram.observe(values[i], { dist });
        if (i % 997 === index) await registry.flush(); // several flushes, some before a process lowers its schema
      }
    }
  }
  const ok = await registry.close();
  process.exit(ok && !failed ? 0 : 1);
}

main().catch(() => process.exit(1));
