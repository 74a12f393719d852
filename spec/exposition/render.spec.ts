import { expect } from 'chai';
import type { MetricFamily } from '../../lib/exposition/families';
import { formatNumber as formatValue } from '../../lib/codec/number';
import { escapeHelp, formatLabels, renderText } from '../../lib/exposition/render/text';

describe('exposition/render', () => {
  describe('renderText', () => {
    it("should write a family's common label in name order among each series' labels", () => {
      const families: MetricFamily[] = [
        {
          name: 'jobs_total', help: '', type: 'counter', commonLabel: ['m', 'a"b'],
          series: [{ labels: [], value: 1 }, { labels: [['a', 'x']], value: 2 }, { labels: [['a', 'x'], ['z', 'y']], value: 3 }, { labels: [['z', 'y']], value: 4 }],
        },
        { name: 'q', help: '', type: 'summary', commonLabel: ['m', 'n'], series: [{ labels: [['a', 'x']], quantiles: [[0.5, 1]], sum: 2, count: 3 }] },
      ];
      expect(renderText(families)).to.equal(
        [
          '# HELP jobs_total ',
          '# TYPE jobs_total counter',
          'jobs_total{m="a\\"b"} 1',
          'jobs_total{a="x",m="a\\"b"} 2',
          'jobs_total{a="x",m="a\\"b",z="y"} 3',
          'jobs_total{m="a\\"b",z="y"} 4',
          '# HELP q ',
          '# TYPE q summary',
          'q{a="x",m="n",quantile="0.5"} 1',
          'q_sum{a="x",m="n"} 2',
          'q_count{a="x",m="n"} 3',
          '',
        ].join('\n'),
      );
    });

    it('should render every family type exactly', () => {
      const families: MetricFamily[] = [
        {
          name: 'http_requests_total',
          help: 'HTTP requests',
          type: 'counter',
          series: [
            { labels: [], value: 2 },
            { labels: [['code', '200'], ['method', 'GET']], value: 3.5 },
          ],
        },
        { name: 'temperature', help: 'Temp', type: 'gauge', series: [{ labels: [['room', 'lab']], value: -1.25 }] },
        {
          name: 'rpc_seconds',
          help: 'RPC',
          type: 'histogram',
          series: [
            {
              labels: [['svc', 'auth']],
              buckets: [[0.1, 1], [0.5, 2], [Infinity, 3]],
              sum: 2.35,
              count: 3,
            },
          ],
        },
        {
          name: 'job_seconds',
          help: 'Jobs',
          type: 'summary',
          series: [{ labels: [], quantiles: [[0.5, 1.5], [0.99, 7]], sum: 10, count: 4 }],
        },
        { name: 'mystery', help: '', type: 'untyped', series: [{ labels: [], value: NaN }] },
      ];
      expect(renderText(families)).to.equal(
        [
          '# HELP http_requests_total HTTP requests',
          '# TYPE http_requests_total counter',
          'http_requests_total 2',
          'http_requests_total{code="200",method="GET"} 3.5',
          '# HELP temperature Temp',
          '# TYPE temperature gauge',
          'temperature{room="lab"} -1.25',
          '# HELP rpc_seconds RPC',
          '# TYPE rpc_seconds histogram',
          'rpc_seconds_bucket{svc="auth",le="0.1"} 1',
          'rpc_seconds_bucket{svc="auth",le="0.5"} 2',
          'rpc_seconds_bucket{svc="auth",le="+Inf"} 3',
          'rpc_seconds_sum{svc="auth"} 2.35',
          'rpc_seconds_count{svc="auth"} 3',
          '# HELP job_seconds Jobs',
          '# TYPE job_seconds summary',
          'job_seconds{quantile="0.5"} 1.5',
          'job_seconds{quantile="0.99"} 7',
          'job_seconds_sum 10',
          'job_seconds_count 4',
          '# HELP mystery ',
          '# TYPE mystery untyped',
          'mystery NaN',
          '',
        ].join('\n'),
      );
    });

    it('should escape nasty label values and help texts', () => {
      const text = renderText([
        {
          name: 'nasty',
          help: 'line one\nback\\slash "quoted"',
          type: 'counter',
          series: [
            {
              labels: [
                ['a', 'quote " backslash \\ newline \n'],
                ['b', 'comma, colon: equals= brace} ünïcødé 日本'],
              ],
              value: 1,
            },
          ],
        },
      ]);
      expect(text).to.equal(
        '# HELP nasty line one\\nback\\\\slash "quoted"\n' +
          '# TYPE nasty counter\n' +
          'nasty{a="quote \\" backslash \\\\ newline \\n",b="comma, colon: equals= brace} ünïcødé 日本"} 1\n',
      );
    });

    it('should render nothing for no families', () => {
      expect(renderText([])).to.equal('');
    });
  });

  describe('helpers', () => {
    it('should spell values as Prometheus does', () => {
      expect([1, 0.1, 1e21, -0.5, Infinity, -Infinity, NaN].map(formatValue)).to.deep.equal([
        '1', '0.1', '1e+21', '-0.5', '+Inf', '-Inf', 'NaN',
      ]);
    });
    it('should format labels with an extra label last', () => {
      expect(formatLabels([])).to.equal('');
      expect(formatLabels([], ['le', '1'])).to.equal('{le="1"}');
      expect(formatLabels([['z', 'a']], ['le', '+Inf'])).to.equal('{z="a",le="+Inf"}');
    });
    it('should escape help text without touching quotes', () => {
      expect(escapeHelp('a "b" \\ \n')).to.equal('a "b" \\\\ \\n');
    });
  });
});
