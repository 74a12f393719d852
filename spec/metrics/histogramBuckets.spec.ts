import { expect } from 'chai';
import { Histogram } from '../../lib/metrics/Histogram';
import { LinearHistogram } from '../../lib/metrics/LinearHistogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { decodeOps } from '../../lib/codec/ops';
import type { BatchResult, WriteBatch } from '../../lib/store/Store';

/** A MemoryStore that keeps the fields each write touched. */
class RecordingStore extends MemoryStore {
  readonly written: string[][] = [];
  override write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    const fields = batches.flatMap((b) => decodeOps(b.ops).map((record) => record[1]));
    this.written.push(fields);
    return super.write(namespace, writerId, batches);
  }
}

/** The cumulative bucket counts a histogram wrote, by bound, after one flush. */
async function bucketsAfter(histogram: Histogram<any>, record: () => void): Promise<Record<string, number>> {
  const store = new MemoryStore();
  const registry = new CollectorRegistry({ store, namespace: 'buckets', flushIntervalMs: 0 });
  try {
    registry.register(histogram);
    record();
    expect(await registry.flush()).to.equal(true);
    const out: Record<string, number> = {};
    for (const [field, value] of store.fields('buckets')) {
      const m = /:b:le="([^"]+)"$/.exec(field);
      if (m !== null) out[m[1]] = Number(value);
    }
    return out;
  } finally {
    await registry.close();
  }
}

describe('metrics: the bucket of an observation', () => {
  const values = [0.5, 1, 1.0000001, 9.9999, 10, 10.5, 16, 17, 19.999, 20, 20.0001, 1e9, -3];

  it('should count a value in the first bucket whose bound is at least the value, with few buckets', async () => {
    const h = new Histogram({ name: 'few_seconds', description: 'x', buckets: [1, 10, 20] });
    const counts = await bucketsAfter(h, () => values.forEach((v) => h.observe(v)));
    // cumulative: le=1 holds 0.5, 1, -3; le=10 adds 1.0000001, 9.9999, 10; le=20 adds 10.5, 16, 17, 19.999, 20
    expect(counts).to.deep.equal({ '1': 3, '10': 6, '20': 11, '+Inf': 13 });
  });

  it('should count the same with many buckets (a binary search beyond 16 bounds)', async () => {
    const h = new LinearHistogram({ name: 'many_seconds', description: 'x', start: 1, width: 1, count: 20 });
    expect(h.buckets).to.have.length(20);
    const counts = await bucketsAfter(h, () => values.forEach((v) => h.observe(v)));
    const expected: Record<string, number> = {};
    for (let le = 1; le <= 20; le++) expected[String(le)] = values.filter((v) => v <= le).length;
    expected['+Inf'] = values.length;
    expect(counts).to.deep.equal(expected);
    expect(expected).to.include({ '1': 3, '10': 6, '11': 7, '16': 8, '17': 9, '20': 11 });
  });

  it('should find every bound of a large layout exactly, at and just above it', async () => {
    const h = new LinearHistogram({ name: 'wide_seconds', description: 'x', start: 0, width: 10, count: 101 });
    const counts = await bucketsAfter(h, () => {
      for (const b of h.buckets) {
        h.observe(b);
        h.observe(b + 0.5);
      }
    });
    h.buckets.forEach((b, i) => expect(counts[String(b)], `le=${b}`).to.equal(2 * i + 1));
    expect(counts['+Inf']).to.equal(2 * h.buckets.length);
  });

  it('should write every field of a new series once, and then only the buckets that changed', async () => {
    const store = new RecordingStore();
    const registry = new CollectorRegistry({ store, namespace: 'buckets', flushIntervalMs: 0 });
    try {
      const h = registry.register(new Histogram({ name: 'took_seconds', description: 'x', allowedLabels: ['op'], buckets: [1, 10] }));
      h.observe(0.5, { op: 'a' });
      expect(await registry.flush()).to.equal(true);
      expect(store.written.at(-1)!.filter((f) => f.startsWith('took_seconds:') && !f.includes(':d:') && !f.includes(':t:'))).to.deep.equal([
        'took_seconds:b:le="1",op="a"',
        'took_seconds:b:le="10",op="a"',
        'took_seconds:b:le="+Inf",op="a"',
        'took_seconds:s:op="a"',
        'took_seconds:c:op="a"',
      ]);
      h.observe(5, { op: 'a' });
      expect(await registry.flush()).to.equal(true);
      expect(store.written.at(-1)).to.deep.equal(['took_seconds:b:le="10",op="a"', 'took_seconds:b:le="+Inf",op="a"', 'took_seconds:s:op="a"', 'took_seconds:c:op="a"']);
      h.observe(0, { op: 'a' }); // a sum that does not change is not written
      expect(await registry.flush()).to.equal(true);
      expect(store.written.at(-1)).to.deep.equal(['took_seconds:b:le="1",op="a"', 'took_seconds:b:le="10",op="a"', 'took_seconds:b:le="+Inf",op="a"', 'took_seconds:c:op="a"']);
    } finally {
      await registry.close();
    }
  });

  it('should refuse bucket layouts that are not increasing numbers, with the message of each', () => {
    const make = (buckets: unknown) => () => new Histogram({ name: 'h', description: 'x', buckets: buckets as number[] });
    expect(make([])).to.throw(TypeError, 'histogram "h": buckets must be a non-empty array of numbers, got an array');
    expect(make('1,2')).to.throw(TypeError, 'histogram "h": buckets must be a non-empty array of numbers, got "1,2"');
    for (const [bad, shown] of [['1', '"1"'], [NaN, 'NaN'], [-Infinity, '-Infinity'], [null, 'null']] as const) {
      expect(make([bad]), shown).to.throw(RangeError, `histogram "h": bucket bound ${shown} is not a number`);
      expect(make([0, bad]), shown).to.throw(RangeError, `histogram "h": bucket bound ${shown} is not a number`);
    }
    expect(make([Infinity])).to.throw(RangeError, 'histogram "h": needs at least one finite bucket bound');
    expect(make([1, 0.5])).to.throw(RangeError, 'histogram "h": buckets must be unique and increasing, got 0.5 after 1');
    expect(new Histogram({ name: 'h', description: 'x', buckets: [-1, 0, Infinity] }).buckets).to.deep.equal([-1, 0]);
  });
});
