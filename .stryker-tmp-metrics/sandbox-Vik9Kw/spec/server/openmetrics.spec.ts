// @ts-nocheck
import { expect } from 'chai';
import type { MetricFamily } from '../../lib/exposition/families';
import { escapeOpenMetricsHelp, openMetricsName, renderOpenMetrics } from '../../lib/exposition/render/openmetrics';
import { expectParses, parseExposition } from '../support/openMetricsParser';

describe('exposition/openmetrics', () => {
  describe('renderOpenMetrics', () => {
    it('should render every type with the OpenMetrics suffix rules and end with # EOF', async function () {
      const families: MetricFamily[] = [
        { name: 'http_requests_total', help: 'HTTP requests', type: 'counter', series: [{ labels: [['code', '200']], value: 3 }] },
        { name: 'jobs', help: 'Jobs done', type: 'counter', series: [{ labels: [], value: 2 }] },
        { name: 'temperature_celsius', help: 'Temperature', type: 'gauge', series: [{ labels: [['room', 'lab']], value: -1.5 }] },
        { name: 'legacy', help: '', type: 'untyped', series: [{ labels: [], value: 1 }] },
        {
          name: 'rpc_duration_seconds', help: 'RPC latency', type: 'histogram',
          series: [{ labels: [['service', 'auth']], buckets: [[0.1, 1], [0.5, 2], [Infinity, 3]], sum: 2.35, count: 3 }],
        },
        {
          name: 'payload_bytes', help: 'Payload size', type: 'summary',
          series: [{ labels: [], quantiles: [[0.5, 120], [0.99, 900]], sum: 5000, count: 20 }],
        },
      ];
      expect(renderOpenMetrics(families)).to.equal(
        [
          '# HELP http_requests HTTP requests',
          '# TYPE http_requests counter',
          'http_requests_total{code="200"} 3',
          '# HELP jobs Jobs done',
          '# TYPE jobs counter',
          'jobs_total 2',
          '# HELP temperature_celsius Temperature',
          '# TYPE temperature_celsius gauge',
          'temperature_celsius{room="lab"} -1.5',
          '# TYPE legacy unknown',
          'legacy 1',
          '# HELP rpc_duration_seconds RPC latency',
          '# TYPE rpc_duration_seconds histogram',
          'rpc_duration_seconds_bucket{service="auth",le="0.1"} 1',
          'rpc_duration_seconds_bucket{service="auth",le="0.5"} 2',
          'rpc_duration_seconds_bucket{service="auth",le="+Inf"} 3',
          'rpc_duration_seconds_count{service="auth"} 3',
          'rpc_duration_seconds_sum{service="auth"} 2.35',
          '# HELP payload_bytes Payload size',
          '# TYPE payload_bytes summary',
          'payload_bytes{quantile="0.5"} 120',
          'payload_bytes{quantile="0.99"} 900',
          'payload_bytes_count 20',
          'payload_bytes_sum 5000',
          '# EOF',
          '',
        ].join('\n'),
      );
      await expectParses(this, renderOpenMetrics(families));
    });

    it('should render nothing but # EOF for no families', async function () {
      expect(renderOpenMetrics([])).to.equal('# EOF\n');
      await expectParses(this, renderOpenMetrics([]));
    });

    it('should escape label values and help texts as OpenMetrics asks', async function () {
      const text = renderOpenMetrics([
        { name: 'g', help: 'a "quoted"\nhelp \\ text', type: 'gauge', series: [{ labels: [['path', 'C:\\x "y"\nz']], value: NaN }] },
      ]);
      expect(text).to.equal('# HELP g a \\"quoted\\"\\nhelp \\\\ text\n# TYPE g gauge\ng{path="C:\\\\x \\"y\\"\\nz"} NaN\n# EOF\n');
      await expectParses(this, text);
    });

    it('should spell non-finite values +Inf, -Inf and NaN', async function () {
      const text = renderOpenMetrics([
        { name: 'g', help: 'x', type: 'gauge', series: [{ labels: [['a', '1']], value: Infinity }, { labels: [['a', '2']], value: -Infinity }] },
      ]);
      expect(text).to.contain('g{a="1"} +Inf\ng{a="2"} -Inf\n');
      await expectParses(this, text);
    });

    it('should leave out negative quantiles, and _count and _sum where the sum is negative or a bound is, which the parser refuses', async function () {
      const families: MetricFamily[] = [
        { name: 'h', help: '', type: 'histogram', series: [{ labels: [], buckets: [[-1, 1], [Infinity, 2]], sum: 3, count: 2 }] },
        {
          name: 'skew_seconds', help: '', type: 'summary',
          series: [
            { labels: [['host', 'a']], quantiles: [[0, -391.56], [0.5, 0.2]], sum: -391.36, count: 2 },
            { labels: [['host', 'b']], quantiles: [[0, NaN], [0.5, NaN]], sum: NaN, count: 0 },
          ],
        },
      ];
      const text = renderOpenMetrics(families);
      expect(text).to.equal(
        [
          '# TYPE h histogram',
          'h_bucket{le="-1"} 1',
          'h_bucket{le="+Inf"} 2',
          '# TYPE skew_seconds summary',
          'skew_seconds{host="a",quantile="0.5"} 0.2',
          'skew_seconds{host="b",quantile="0"} NaN',
          'skew_seconds{host="b",quantile="0.5"} NaN',
          '# EOF',
          '',
        ].join('\n'),
      );
      await expectParses(this, text);
      // what was left out is what the parser refuses
      const refused = await parseExposition(this, '# TYPE skew_seconds summary\nskew_seconds{quantile="0"} -391.56\n# EOF\n');
      expect(refused.ok).to.equal(false);
    });
  });

  describe('openMetricsName', () => {
    it('should drop _total from counters only', () => {
      expect(openMetricsName({ name: 'a_total', type: 'counter' })).to.equal('a');
      expect(openMetricsName({ name: 'a', type: 'counter' })).to.equal('a');
      expect(openMetricsName({ name: 'a_total', type: 'gauge' })).to.equal('a_total');
    });
  });

  describe('escapeOpenMetricsHelp', () => {
    it('should leave plain text alone', () => {
      expect(escapeOpenMetricsHelp('plain text, with: punctuation')).to.equal('plain text, with: punctuation');
    });
  });
});
