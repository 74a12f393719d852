import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import type { HistogramSeries } from '../../lib/exposition/families';
import { renderOpenMetrics } from '../../lib/exposition/render/openmetrics';
import { renderProtobuf } from '../../lib/exposition/render/protobuf';
import { renderText } from '../../lib/exposition/render/text';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { decodeFamilies } from '../support/protobuf';

/** setup gives a registry on a MemoryStore that flushes only when asked. */
function setup(): { registry: CollectorRegistry; fields: () => Array<[string, string]> } {
  const store = new MemoryStore();
  const registry = new CollectorRegistry({ store, namespace: 'spec', flushIntervalMs: 0 });
  return { registry, fields: () => [...store.fields('spec')] };
}

function onlySeries(fields: Array<[string, string]>): HistogramSeries {
  const decoded = decodeNamespace(fields, 0);
  expect(decoded.skipped).to.deep.equal([]);
  expect(decoded.families[0].type).to.equal('histogram');
  return decoded.families[0].series[0] as HistogramSeries;
}

describe('Histogram with native buckets', () => {
  describe('constructor', () => {
    it('should take the defaults of client_golang: schema 3, 160 buckets, zero threshold 2^-128, and no classic buckets but +Inf', () => {
      const h = new Histogram({ name: 'rpc_seconds', description: 'RPC', native: {} });
      expect(h.native).to.deep.equal({ schema: 3, maxBuckets: 160, zeroThreshold: 2 ** -128 });
      expect(h.buckets).to.deep.equal([]);
      expect(new Histogram({ name: 'x', description: 'x' }).native).to.equal(undefined);
    });

    it('should keep classic buckets given with native ones', () => {
      const h = new Histogram({ name: 'x', description: 'x', buckets: [0.1, 1], native: { bucketFactor: 2, maxBuckets: 20, zeroThreshold: 0 } });
      expect(h.buckets).to.deep.equal([0.1, 1]);
      expect(h.native).to.deep.equal({ schema: 0, maxBuckets: 20, zeroThreshold: 0 });
    });

    it('should refuse bad native options, naming the metric, the option and the value', () => {
      expect(() => new Histogram({ name: 'x', description: 'x', native: { bucketFactor: 1 } })).to.throw(RangeError, 'histogram "x": native.bucketFactor must be a number greater than 1, got 1');
      expect(() => new Histogram({ name: 'x', description: 'x', native: { maxBuckets: 0 } })).to.throw(RangeError, 'native.maxBuckets must be a whole number from 1 up, got 0');
      expect(() => new Histogram({ name: 'x', description: 'x', native: { maxBuckets: 2.5 } })).to.throw(RangeError, 'native.maxBuckets');
      expect(() => new Histogram({ name: 'x', description: 'x', native: { zeroThreshold: -1 } })).to.throw(RangeError, 'native.zeroThreshold must be a finite number from 0 up, got -1');
      expect(() => new Histogram({ name: 'x', description: 'x', native: { zeroThreshold: NaN } })).to.throw(RangeError, 'native.zeroThreshold');
      expect(() => new Histogram({ name: 'x', description: 'x', native: true as never })).to.throw(TypeError, 'histogram "x": native must be an object of options');
    });
  });

  describe('#observe', () => {
    it('should write the zero count and each bucket as fields to add to, with the schema they were counted at', async () => {
      const { registry, fields } = setup();
      const h = registry.register(new Histogram({ name: 'rpc_seconds', description: 'RPC', allowedLabels: ['svc'], native: {} }));
      for (const v of [0, 1, 2, 3, -3, 1e-40]) h.observe(v, { svc: 'a' });
      await registry.flush();
      const native = fields().filter(([f]) => /^rpc_seconds:[pnz]:/.test(f)).sort();
      expect(native).to.deep.equal([
        ['rpc_seconds:n:__cell="13",__schema="3",svc="a"', '1'],
        ['rpc_seconds:p:__cell="0",__schema="3",svc="a"', '1'],
        ['rpc_seconds:p:__cell="13",__schema="3",svc="a"', '1'],
        ['rpc_seconds:p:__cell="8",__schema="3",svc="a"', '1'],
        ['rpc_seconds:z:__schema="3",__zero_threshold="2.938735877055719e-39",svc="a"', '2'],
      ]);
      h.observe(2, { svc: 'a' });
      await registry.flush();
      expect(fields().find(([f]) => f === 'rpc_seconds:p:__cell="8",__schema="3",svc="a"')![1]).to.equal('2');
      await registry.close();
    });

    it('should expose what client_golang exposes for its example: 0, 1, 2, 3 at factor 1.1', async () => {
      const { registry, fields } = setup();
      const h = registry.register(new Histogram({ name: 'h', description: 'h', native: { bucketFactor: 1.1 } }));
      for (const v of [0, 1, 2, 3]) h.labels({}).observe(v);
      await registry.flush();
      const [family] = decodeFamilies(renderProtobuf(decodeNamespace(fields(), 0).families));
      expect(family.metric[0].histogram).to.deep.equal({
        sample_count: 4, sample_sum: 6, schema: 3, zero_threshold: 2.938735877055719e-39, zero_count: 1,
        positive_span: [{ offset: 0, length: 1 }, { offset: 7, length: 1 }, { offset: 4, length: 1 }], positive_delta: [1, 0, 0],
      });
      await registry.close();
    });

    it('should show _sum, _count and +Inf in the text formats with native buckets alone, and the classic buckets when given', async () => {
      const { registry, fields } = setup();
      registry.register(new Histogram({ name: 'only_seconds', description: 'o', native: {} })).observe(0.3);
      registry.register(new Histogram({ name: 'both_seconds', description: 'b', buckets: [0.5], native: {} })).observe(0.3);
      await registry.flush();
      const { families } = decodeNamespace(fields(), 0);
      expect(renderText(families)).to.equal([
        '# HELP both_seconds b', '# TYPE both_seconds histogram',
        'both_seconds_bucket{le="0.5"} 1', 'both_seconds_bucket{le="+Inf"} 1', 'both_seconds_sum 0.3', 'both_seconds_count 1',
        '# HELP only_seconds o', '# TYPE only_seconds histogram',
        'only_seconds_bucket{le="+Inf"} 1', 'only_seconds_sum 0.3', 'only_seconds_count 1', '',
      ].join('\n'));
      expect(renderOpenMetrics(families)).to.contain('only_seconds_bucket{le="+Inf"} 1\nonly_seconds_count 1\nonly_seconds_sum 0.3\n');
      const decoded = decodeFamilies(renderProtobuf(families));
      expect(decoded[0].metric[0].histogram.bucket).to.deep.equal([{ cumulative_count: 1, upper_bound: 0.5 }]);
      expect(decoded[0].metric[0].histogram.schema).to.equal(3);
      expect(decoded[1].metric[0].histogram.bucket).to.equal(undefined);
      expect(decoded[1].metric[0].histogram.positive_delta).to.deep.equal([1]);
      await registry.close();
    });
  });

  describe('the bucket limit', () => {
    it('should lower the schema when more than maxBuckets are populated, and read as one process observing all at the lower schema', async () => {
      const { registry, fields } = setup();
      const h = registry.register(new Histogram({ name: 'h', description: 'h', native: { maxBuckets: 8 } }));
      const first = [1, 1.1, 1.2, 1.3, 1.5, -2];
      const second = [3, 5, 9, 17, 40, 0.01, -7];
      for (const v of first) h.observe(v);
      await registry.flush(); // 6 buckets at schema 3
      for (const v of second) h.observe(v);
      await registry.flush(); // past 8: lowered, now written at a lower schema
      const schemas = new Set(fields().filter(([f]) => /^h:[pn]:/.test(f)).map(([f]) => /__schema="(-?\d)"/.exec(f)![1]));
      expect(schemas.size).to.equal(2);
      expect(schemas.has('3')).to.equal(true);
      const native = onlySeries(fields()).native!;
      expect(native.schema).to.be.below(3);
      expect(native.positive.length + native.negative.length).to.be.at.most(8);

      const alone = setup();
      const reference = alone.registry.register(new Histogram({ name: 'h', description: 'h', native: { bucketFactor: 2 ** 2 ** -native.schema, maxBuckets: 1000 } }));
      for (const v of [...first, ...second]) reference.observe(v);
      await alone.registry.flush();
      expect(onlySeries(alone.fields()).native).to.deep.equal(native);
      await registry.close();
      await alone.registry.close();
    });

    it('should stop lowering at schema -4, keeping more buckets than the limit there', async () => {
      const { registry, fields } = setup();
      const h = registry.register(new Histogram({ name: 'h', description: 'h', native: { maxBuckets: 1 } }));
      for (const v of [1e-30, 1, 1e300]) h.observe(v);
      await registry.flush();
      expect(onlySeries(fields()).native).to.deep.equal({ schema: -4, zeroThreshold: 2 ** -128, zeroCount: 0, positive: [[-6, 1], [0, 1], [63, 1]], negative: [] });
      expect(h.native!.schema).to.equal(3); // the configuration stays; the series lowered its own
      await registry.close();
    });
  });
});
