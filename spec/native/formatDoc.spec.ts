import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import type { HistogramSeries } from '../../lib/exposition/families';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

const DOC = readFileSync(path.join(__dirname, '..', '..', 'docs', 'format.md'), 'utf8');

/** The fields of the worked example of "Native histograms", as [field, value] pairs. */
function exampleFields(): Array<[string, string]> {
  const section = DOC.slice(DOC.indexOf('### Native histograms'), DOC.indexOf('### Summary'));
  const block = /```\n(rpc_seconds:d:[\s\S]*?)```/.exec(section)![1];
  return block.trim().split('\n').map((line) => {
    const [field, value] = line.split(/\s{2,}/);
    return [field, value];
  });
}

describe('docs/format.md, Native histograms', () => {
  it('should show the fields two writers write, one at schema 3 and one at schema 1', async () => {
    const store = new MemoryStore();
    const a = new CollectorRegistry({ store, namespace: 'doc', flushIntervalMs: 0 });
    const b = new CollectorRegistry({ store, namespace: 'doc', flushIntervalMs: 0 });
    const options = { name: 'rpc_seconds', description: 'RPC latency', allowedLabels: ['svc'] as const };
    const ha = a.register(new Histogram({ ...options, native: {} }));
    const hb = b.register(new Histogram({ ...options, native: { bucketFactor: Math.SQRT2 } })); // schema 1
    for (const v of [1, 1.1, 1.3, 3]) ha.observe(v, { svc: 'a' });
    for (const v of [1.1, 3, -0.5, 0]) hb.observe(v, { svc: 'a' });
    await a.close();
    await b.close();
    const written = [...store.fields('doc')].map(([f, v]) => [f, f.endsWith(':s:svc="a"') ? String(Math.round(Number(v) * 1e9) / 1e9) : v]);
    expect(written.sort()).to.deep.equal(exampleFields().sort());
  });

  it('should merge them as the text says: schema 1, zero count 1, buckets 0: 1, 1: 3, 4: 2 and -2: 1', () => {
    const decoded = decodeNamespace(exampleFields(), 0);
    expect(decoded.skipped).to.deep.equal([]);
    const series = decoded.families[0].series[0] as HistogramSeries;
    expect(series.native).to.deep.equal({ schema: 1, zeroThreshold: 2 ** -128, zeroCount: 1, positive: [[0, 1], [1, 3], [4, 2]], negative: [[-2, 1]] });
    expect(series.count).to.equal(8);
    expect(DOC).to.contain('positive buckets 0: 1, 1: 3, 4: 2, negative\nbucket -2: 1');
  });
});
