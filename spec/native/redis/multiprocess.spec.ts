import { expect } from 'chai';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import Redis from 'ioredis';
import { ExpositionClient } from '../../../lib/exposition/ExpositionClient';
import type { HistogramSeries, NativeBuckets } from '../../../lib/exposition/families';
import { decodeNamespace } from '../../../lib/exposition/decode/decodeNamespace';
import { Histogram } from '../../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../../lib/store/MemoryStore';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../../support/redis';
import { DATASETS, DATASET_SIZE } from '../../summary/support/data';
import { MIXED_DATASETS, SAME_DATASETS } from '../support/plan';

const WORKER = path.join(__dirname, '..', 'support', 'worker.ts');
const WORKERS = 3;

function runWorker(namespace: string, index: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [REDIS_URL, namespace, String(index), String(WORKERS)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** alone is what one process observing every value of `dist` counts, with `options`, read back. */
async function alone(dist: string, options: { bucketFactor?: number; maxBuckets?: number }): Promise<HistogramSeries> {
  const store = new MemoryStore();
  const registry = new CollectorRegistry({ store, namespace: 'alone', flushIntervalMs: 0 });
  const h = registry.register(new Histogram({ name: 'h', description: 'h', native: options }));
  for (const v of DATASETS[dist](DATASET_SIZE)) h.observe(v);
  await registry.close();
  const { families } = decodeNamespace([...store.fields('alone')], 0);
  return families[0].series[0] as HistogramSeries;
}

describe('native histograms across processes (real Redis, real processes)', () => {
  const namespace = uniqueNamespace('native');
  let series: Map<string, HistogramSeries>;
  let schemasWritten: Map<string, Set<string>>;

  before(async function () {
    this.timeout(60_000);
    const codes = await Promise.all(Array.from({ length: WORKERS }, (_, i) => runWorker(namespace, i)));
    expect(codes).to.deep.equal(Array(WORKERS).fill(0));
    const client = new ExpositionClient({ redis: REDIS_URL, namespace });
    try {
      const decoded = await client.collect();
      expect(decoded.skipped).to.deep.equal([]);
      series = new Map();
      for (const f of decoded.families) {
        for (const s of f.series as HistogramSeries[]) series.set(`${f.name}/${s.labels[0][1]}`, s);
      }
      schemasWritten = new Map();
      for (const field of (await client.readFields()).keys()) {
        const m = /^(spec_\w+):[pn]:.*__schema="(-?\d)".*dist="(\w+)"/.exec(field);
        if (m === null) continue;
        const key = `${m[1]}/${m[3]}`;
        if (!schemasWritten.has(key)) schemasWritten.set(key, new Set());
        schemasWritten.get(key)!.add(m[2]);
      }
    } finally {
      await client.close();
    }
  });

  after(async () => {
    const redis = new Redis(REDIS_URL);
    await redis.del(...namespaceKeys(namespace));
    await redis.quit();
  });

  it('should merge three processes at one schema into exactly the buckets of one process observing everything', async () => {
    for (const dist of SAME_DATASETS) {
      const merged = series.get(`spec_same/${dist}`)!;
      const reference = await alone(dist, {});
      expect(merged.native!.schema, dist).to.equal(3);
      expect(merged.native, dist).to.deep.equal(reference.native);
      expect(merged.count, dist).to.equal(DATASET_SIZE);
      expect(merged.native!.zeroCount + total(merged.native!), dist).to.equal(DATASET_SIZE);
      expect(merged.sum, dist).to.be.closeTo(reference.sum, 1e-9 * Math.abs(reference.sum) + 1e-9);
    }
  });

  it('should merge processes at different schemas into exactly the buckets of one process observing everything at the lowest', async () => {
    for (const dist of MIXED_DATASETS) {
      const key = `spec_mixed/${dist}`;
      expect(schemasWritten.get(key)!.size, `${dist}: schemas written ${[...schemasWritten.get(key)!]}`).to.be.at.least(2);
      const merged = series.get(key)!;
      const lowest = Math.min(...[...schemasWritten.get(key)!].map(Number));
      expect(merged.native!.schema, dist).to.equal(lowest);
      const reference = await alone(dist, { bucketFactor: 2 ** 2 ** -lowest, maxBuckets: 100_000 });
      expect(reference.native!.schema).to.equal(lowest);
      expect(merged.native, dist).to.deep.equal(reference.native);
      expect(merged.count, dist).to.equal(DATASET_SIZE);
    }
  });
});

function total(n: NativeBuckets): number {
  let t = 0;
  for (const [, c] of n.positive) t += c;
  for (const [, c] of n.negative) t += c;
  return t;
}
