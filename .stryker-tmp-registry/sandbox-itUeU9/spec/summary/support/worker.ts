// @ts-nocheck
// A writing process for the multi-process specs: records its slice of every
// data set into one namespace, flushes, closes and exits (1 on failure).
import { CollectorRegistry } from '../../../lib/registry/CollectorRegistry';
import { Summary } from '../../../lib/metrics/Summary';
import { DATASETS, DATASET_SIZE } from './data';

const [url, namespace, indexText, countText, accuracyText] = process.argv.slice(2);
const index = Number(indexText);
const count = Number(countText);

async function main(): Promise<void> {
  const registry = new CollectorRegistry({ redis: url, namespace, flushIntervalMs: 0 });
  let failed = false;
  registry.on('error', () => (failed = true));
  const summary = registry.register(
    new Summary({
      name: 'spec_value',
      description: 'Seeded values',
      allowedLabels: ['dist'],
      quantiles: [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1],
      relativeAccuracy: Number(accuracyText),
    }),
  );
  for (const [dist, make] of Object.entries(DATASETS)) {
    const bound = summary.labels({ dist });
    const values = make(DATASET_SIZE);
    for (let i = index; i < values.length; i += count) bound.observe(values[i]);
  }
  const ok = await registry.close();
  process.exit(ok && !failed ? 0 : 1);
}

main().catch(() => process.exit(1));
