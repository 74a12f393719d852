import { expect } from 'chai';
import type { Labels, MetricFamily } from '../../lib/exposition/families';
import { protobufSteps, renderProtobuf } from '../../lib/exposition/render/protobuf';
import { runSteps } from '../../lib/util/slices';
import { decodeFamilies, encodedWhole } from '../support/protobuf';

describe('exposition/render/protobuf', () => {
  describe('renderProtobuf', () => {
    it("should write a family's common label in name order among each series' labels", () => {
      const families: MetricFamily[] = [
        { name: 'g', help: '', type: 'gauge', commonLabel: ['m', 'n'], series: [{ labels: [], value: 1 }, { labels: [['a', 'x'], ['z', 'y']], value: 2 }] },
      ];
      expect(decodeFamilies(renderProtobuf(families))[0].metric.map((m: { label: unknown }) => m.label)).to.deep.equal([
        [{ name: 'm', value: 'n' }],
        [{ name: 'a', value: 'x' }, { name: 'm', value: 'n' }, { name: 'z', value: 'y' }],
      ]);
    });

    it('should write a counter, a gauge and an untyped family field by field', () => {
      const families: MetricFamily[] = [
        { name: 'orders_total', help: 'Orders placed', type: 'counter', series: [{ labels: [['method', 'card']], value: 3 }, { labels: [], value: 1.5 }] },
        { name: 'carts_open', help: '', type: 'gauge', series: [{ labels: [['a', 'x"y\n']], value: -Infinity }] },
        { name: 'legacy', help: 'h\\elp', type: 'untyped', series: [{ labels: [], value: NaN }] },
      ];
      const [counter, gauge, untyped] = decodeFamilies(renderProtobuf(families));
      expect(counter).to.deep.equal({
        name: 'orders_total', help: 'Orders placed', type: 'COUNTER',
        metric: [
          { label: [{ name: 'method', value: 'card' }], counter: { value: 3 } },
          { counter: { value: 1.5 } },
        ],
      });
      expect(gauge).to.deep.equal({ name: 'carts_open', type: 'GAUGE', metric: [{ label: [{ name: 'a', value: 'x"y\n' }], gauge: { value: -Infinity } }] });
      expect(untyped.name).to.equal('legacy');
      expect(untyped.help).to.equal('h\\elp');
      expect(untyped.type).to.equal('UNTYPED');
      expect(untyped.metric[0].untyped.value).to.be.NaN;
    });

    it('should write a summary with its quantiles, count and sum', () => {
      const families: MetricFamily[] = [{
        name: 'latency_seconds', help: 'Latency', type: 'summary',
        series: [{ labels: [['route', '/']], quantiles: [[0.5, 0.1], [0.99, 2.5]], sum: 12.25, count: 40 }],
      }];
      expect(decodeFamilies(renderProtobuf(families))).to.deep.equal([{
        name: 'latency_seconds', help: 'Latency', type: 'SUMMARY',
        metric: [{
          label: [{ name: 'route', value: '/' }],
          summary: { sample_count: 40, sample_sum: 12.25, quantile: [{ quantile: 0.5, value: 0.1 }, { quantile: 0.99, value: 2.5 }] },
        }],
      }]);
    });

    it('should write a classic histogram: cumulative buckets without +Inf, count and sum', () => {
      const families: MetricFamily[] = [{
        name: 'checkout_seconds', help: 'Checkout', type: 'histogram',
        series: [{ labels: [], buckets: [[0.5, 1], [1, 1], [Infinity, 2]], sum: 2.25, count: 2 }],
      }];
      expect(decodeFamilies(renderProtobuf(families))).to.deep.equal([{
        name: 'checkout_seconds', help: 'Checkout', type: 'HISTOGRAM',
        metric: [{
          histogram: {
            sample_count: 2, sample_sum: 2.25,
            bucket: [{ cumulative_count: 1, upper_bound: 0.5 }, { cumulative_count: 1, upper_bound: 1 }],
          },
        }],
      }]);
    });

    it('should put counts that are not whole numbers in the _float fields', () => {
      const families: MetricFamily[] = [{
        name: 'h', help: '', type: 'histogram', series: [{ labels: [], buckets: [[1, 0.5], [Infinity, 1.5]], sum: 1, count: 1.5 }],
      }];
      const [h] = decodeFamilies(renderProtobuf(families));
      expect(h.metric[0].histogram).to.deep.equal({ sample_count_float: 1.5, sample_sum: 1, bucket: [{ cumulative_count_float: 0.5, upper_bound: 1 }] });
    });

    it('should write native buckets as spans and deltas, next to the classic buckets', () => {
      const families: MetricFamily[] = [{
        name: 'rpc_seconds', help: 'RPC', type: 'histogram',
        series: [{
          labels: [['svc', 'a']], buckets: [[Infinity, 9]], sum: 3.5, count: 9,
          native: {
            schema: 3, zeroThreshold: 2 ** -128, zeroCount: 1,
            positive: [[-2, 2], [-1, 1], [0, 3], [5, 1]],
            negative: [[0, 1]],
          },
        }],
      }];
      const [f] = decodeFamilies(renderProtobuf(families));
      expect(f.type).to.equal('HISTOGRAM');
      expect(f.metric[0]).to.deep.equal({
        label: [{ name: 'svc', value: 'a' }],
        histogram: {
          sample_count: 9, sample_sum: 3.5,
          schema: 3, zero_threshold: 2 ** -128, zero_count: 1,
          negative_span: [{ offset: 0, length: 1 }], negative_delta: [1],
          positive_span: [{ offset: -2, length: 3 }, { offset: 4, length: 1 }], positive_delta: [2, -1, 2, -2],
        },
      });
    });

    it('should give an empty native histogram with no zero threshold a no-op span, so it is not read as classic', () => {
      const families: MetricFamily[] = [{
        name: 'h', help: '', type: 'histogram',
        series: [{ labels: [], buckets: [[Infinity, 0]], sum: 0, count: 0, native: { schema: 0, zeroThreshold: 0, zeroCount: 0, positive: [], negative: [] } }],
      }];
      const [h] = decodeFamilies(renderProtobuf(families));
      expect(h.metric[0].histogram.positive_span).to.deep.equal([{ offset: 0, length: 0 }]);
      expect(h.metric[0].histogram.schema).to.equal(0);
    });

    it('should write nothing for no families, and one message per family in order', () => {
      expect(renderProtobuf([]).length).to.equal(0);
      const families: MetricFamily[] = ['b', 'a', 'c'].map((name) => ({ name, help: '', type: 'gauge' as const, series: [] }));
      expect(decodeFamilies(renderProtobuf(families)).map((f) => f.name)).to.deep.equal(['b', 'a', 'c']);
    });
  });

  describe('protobufSteps', () => {
    it("should write a family's message in pieces of a few series that together are renderProtobuf's bytes", () => {
      const series = Array.from({ length: 7 }, (_, i) => ({ labels: [['i', String(i)]] as Labels, value: i / 3 }));
      const families: MetricFamily[] = [
        { name: 'orders_total', help: 'Orders', type: 'counter', series },
        { name: 'empty', help: '', type: 'gauge', series: [] },
        { name: 'q', help: 'Q', type: 'summary', commonLabel: ['namespace', 'shop'], series: [{ labels: [], quantiles: [[0.5, 1]], sum: 2, count: 3 }] },
        { name: 'h', help: '', type: 'histogram', series: series.map((s) => ({ labels: s.labels, buckets: [[1, 1], [Infinity, 2]], sum: 3, count: 2 })) },
      ];
      const whole = Buffer.from(renderProtobuf(families));
      expect(whole.equals(encodedWhole(whole))).to.equal(true);
      for (const perChunk of [1, 2, 3, 1000]) {
        const pieces = runSteps(protobufSteps(families, perChunk));
        expect(Buffer.concat(pieces).equals(whole), `${perChunk} series per piece`).to.equal(true);
      }
      expect(decodeFamilies(whole)[0].metric.map((m: { counter: { value: number } }) => m.counter.value)).to.deep.equal(series.map((s) => s.value));
      expect(runSteps(protobufSteps(families, 2)).length).to.be.greaterThan(families.length * 2);
    });
  });
});
