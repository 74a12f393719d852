import { expect } from 'chai';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { ExpositionClient } from '../../../lib/exposition/ExpositionClient';
import type { SummarySeries } from '../../../lib/exposition/families';
import { renderText } from '../../../lib/exposition/render/text';
import { quantileRank } from '../../../lib/sketch/quantile';
import Redis from 'ioredis';
import { promtoolCheck } from '../../support/promtool';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../../support/redis';
import { DATASETS, DATASET_SIZE } from '../support/data';

const WORKER = path.join(__dirname, '..', 'support', 'worker.ts');
const WORKERS = 4;
const ACCURACY = 0.01;

function runWorker(namespace: string, index: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [REDIS_URL, namespace, String(index), String(WORKERS), String(ACCURACY)], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000); // a worker takes 2-3 s alone, 8 s or more with four at once on a loaded machine
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** exactQuantile is the value of nearest rank ceil(q × n) among the sorted values. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[quantileRank(q, sorted.length) - 1];
}

describe('Summary across processes (real Redis)', () => {
  const namespace = uniqueNamespace('summary');
  let series: Map<string, SummarySeries>;
  let text: string;

  before(async function () {
    this.timeout(90_000);
    const codes = await Promise.all(Array.from({ length: WORKERS }, (_, i) => runWorker(namespace, i)));
    expect(codes).to.deep.equal(Array(WORKERS).fill(0));
    const client = new ExpositionClient({ redis: REDIS_URL, namespace });
    try {
      const decoded = await client.collect();
      expect(decoded.skipped).to.deep.equal([]);
      const family = decoded.families.find((f) => f.name === 'spec_value');
      expect(family?.type).to.equal('summary');
      series = new Map((family!.series as SummarySeries[]).map((s) => [s.labels[0][1], s]));
      text = renderText(decoded.families);
    } finally {
      await client.close();
    }
  });

  after(async () => {
    const redis = new Redis(REDIS_URL);
    await redis.del(...namespaceKeys(namespace));
    await redis.quit();
  });

  it('should report every quantile within the relative accuracy of the exact quantile, and exact sums and counts', () => {
    for (const [dist, make] of Object.entries(DATASETS)) {
      const values = make(DATASET_SIZE);
      const sorted = [...values].sort((a, b) => a - b);
      const s = series.get(dist);
      expect(s, dist).to.not.equal(undefined);
      expect(s!.count, dist).to.equal(DATASET_SIZE);
      expect(s!.sum, dist).to.be.closeTo(values.reduce((a, b) => a + b, 0), 1e-6 * sorted.reduce((a, b) => a + Math.abs(b), 0));
      expect(s!.quantiles.map((q) => q[0])).to.deep.equal([0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1]);
      for (const [q, reported] of s!.quantiles) {
        const exact = exactQuantile(sorted, q);
        const bound = ACCURACY * Math.abs(exact) * (1 + 1e-9);
        expect(Math.abs(reported - exact), `${dist} q=${q}: reported ${reported}, exact ${exact}`).to.be.at.most(bound);
      }
    }
  });

  it('should report zero exactly and keep the sign of negative quantiles', () => {
    const sorted = [...DATASETS.signed(DATASET_SIZE)].sort((a, b) => a - b);
    expect(exactQuantile(sorted, 0.5)).to.equal(0);
    const quantiles = new Map(series.get('signed')!.quantiles);
    expect(Object.is(quantiles.get(0.5), 0)).to.equal(true);
    expect(quantiles.get(0)).to.be.below(0);
    expect(quantiles.get(0.25)).to.be.below(0);
    expect(quantiles.get(0.75)).to.be.above(0);
  });

  it('should render text that promtool accepts', function () {
    expect(text).to.contain('# TYPE spec_value summary\n');
    expect(text).to.match(/^spec_value\{dist="uniform",quantile="0.99"\} \S+$/m);
    const result = promtoolCheck(this, text);
    expect(result.status, result.output).to.equal(0);
  });
});
