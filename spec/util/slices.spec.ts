import { expect } from 'chai';
import type { Labels, MetricFamily } from '../../lib/exposition/families';
import { sortByLabels, sortByLabelsSteps } from '../../lib/exposition/families';
import { openMetricsChunks, renderOpenMetrics } from '../../lib/exposition/render/openmetrics';
import { renderText, textChunks } from '../../lib/exposition/render/text';
import { runInSlices, runSteps, Steps } from '../../lib/util/slices';

const families: MetricFamily[] = [
  { name: 'a_total', help: 'A', type: 'counter', series: [1, 2, 3, 4, 5].map((v) => ({ labels: [['k', String(v)]] as const, value: v })) },
  {
    name: 'b_seconds', help: '', type: 'histogram',
    series: [1, 2, 3].map((v) => ({ labels: [['k', String(v)]] as const, buckets: [[0.5, v], [Infinity, v + 1]] as const, sum: v, count: v + 1 })),
  },
  {
    name: 'c_seconds', help: 'C', type: 'summary',
    series: [
      { labels: [['k', 'negative']], quantiles: [[0.5, -1]], sum: -2, count: 1 }, // no line in OpenMetrics
      { labels: [['k', 'x']], quantiles: [[0.5, 1]], sum: 2, count: 1 },
    ],
  },
  { name: 'd', help: 'D', type: 'gauge', series: [{ labels: [], value: -1 }] },
  { name: 'e', help: '', type: 'untyped', series: [] },
];

describe('util/slices', () => {
  it('should render the same text in chunks as in one go, for every chunk size', () => {
    for (const size of [1, 2, 3, 256]) {
      const text = [...textChunks(families, size)];
      const open = [...openMetricsChunks(families, size)];
      expect(text.join(''), `text, ${size} series a chunk`).to.equal(renderText(families));
      expect(open.join(''), `openmetrics, ${size} series a chunk`).to.equal(renderOpenMetrics(families));
      if (size === 1) expect([text.length, open.length]).to.deep.equal([12, 12]); // one a series, and the last family's header (and # EOF)
      expect(text.concat(open).every((c) => c.length > 0 && c.endsWith('\n'))).to.equal(true);
    }
  });

  it('should sort series in steps as sortByLabels does, in order or not', () => {
    const labels = (n: number): Labels => [['a', String(n)], ['b', String(n % 3)]];
    const inOrder = [1, 10, 2, 3].map((n) => ({ labels: labels(n) }));
    const shuffled = [3, 10, 1, 2, 10].map((n) => ({ labels: labels(n) }));
    const mixed: Array<{ labels: Labels }> = [{ labels: [['a', '1'], ['z', '1']] }, { labels: [['a', '1']] }];
    for (const series of [inOrder, shuffled, mixed, []]) {
      const sorted = runSteps(sortByLabelsSteps(series));
      expect(sorted).to.deep.equal(sortByLabels(series));
      expect(sorted).to.not.equal(series);
    }
  });

  it('should give the event loop a turn between slices, and return the result', async () => {
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    function* busy(): Steps<string> {
      for (let i = 0; i < 20; i++) {
        const until = performance.now() + 2;
        while (performance.now() < until);
        yield;
      }
      return 'done';
    }
    try {
      expect(await runInSlices(busy(), 1)).to.equal('done');
    } finally {
      clearInterval(timer);
    }
    expect(turns).to.be.greaterThan(0);
    let turnsAtOnce = 0;
    const again = setInterval(() => turnsAtOnce++, 0);
    try {
      expect(runSteps(busy())).to.equal('done');
    } finally {
      clearInterval(again);
    }
    expect(turnsAtOnce).to.equal(0);
  });

  it('should reject with what the steps throw', async () => {
    // eslint-disable-next-line require-yield
    function* failing(): Steps<number> {
      throw new RangeError('bad step');
    }
    let caught: unknown;
    await runInSlices(failing()).catch((err) => (caught = err));
    expect(caught).to.be.instanceOf(RangeError);
  });
});
