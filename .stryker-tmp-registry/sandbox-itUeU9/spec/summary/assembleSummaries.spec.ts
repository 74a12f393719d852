// @ts-nocheck
import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import { expiredCellFields } from '../../lib/maintenance/expiredCellFields';
import { renderText } from '../../lib/exposition/render/text';
import { promtoolCheck } from '../support/promtool';

const HEAD: Array<[string, string]> = [
  ['rpc_seconds:d:', 'RPC latency'],
  ['rpc_seconds:t:', 's'],
  ['rpc_seconds:a:', '0.5'], // gamma = 3
  ['rpc_seconds:q:quantile="0.5"', '1'],
  ['rpc_seconds:q:quantile="1"', '1'],
];

describe('exposition/summary', () => {
  describe('decodeNamespace of summaries', () => {
    it('should merge cells into quantiles, with sum and count, per series', () => {
      const { families, skipped } = decodeNamespace([
        ...HEAD,
        ['rpc_seconds:p:__cell="1",svc="a"', '3'],
        ['rpc_seconds:p:__cell="2",svc="a"', '1'],
        ['rpc_seconds:n:__cell="2",svc="b"', '2'],
        ['rpc_seconds:z:svc="b"', '1'],
        ['rpc_seconds:s:svc="a"', '7.5'],
        ['rpc_seconds:c:svc="a"', '4'],
        ['rpc_seconds:s:svc="b"', '-10'],
        ['rpc_seconds:c:svc="b"', '3'],
      ]);
      expect(skipped).to.deep.equal([]);
      expect(families).to.deep.equal([
        {
          name: 'rpc_seconds',
          help: 'RPC latency',
          type: 'summary',
          series: [
            { labels: [['svc', 'a']], quantiles: [[0.5, 1.5], [1, 4.5]], sum: 7.5, count: 4 },
            { labels: [['svc', 'b']], quantiles: [[0.5, -4.5], [1, 0]], sum: -10, count: 3 },
          ],
        },
      ]);
    });

    it('should render quantile labels as canonical numbers, and promtool should accept the text', function () {
      const { families } = decodeNamespace([
        ['lag_seconds:d:', 'Lag'],
        ['lag_seconds:t:', 's'],
        ['lag_seconds:a:', '0.01'],
        ['lag_seconds:q:quantile="0.50"', '1'],
        ['lag_seconds:q:quantile=".5"', '1'],
        ['lag_seconds:q:quantile="1e-1"', '1'],
        ['lag_seconds:p:__cell="0"', '1'],
        ['lag_seconds:s:', '1'],
        ['lag_seconds:c:', '1'],
        ['idle_seconds:d:', 'Idle'],
        ['idle_seconds:t:', 's'],
        ['idle_seconds:a:', '0.01'],
        ['idle_seconds:q:quantile="0.9"', '1'],
        ['idle_seconds:s:', '0'],
        ['idle_seconds:c:', '0'],
      ]);
      const text = renderText(families);
      expect(text).to.equal(
        [
          '# HELP idle_seconds Idle',
          '# TYPE idle_seconds summary',
          'idle_seconds{quantile="0.9"} NaN',
          'idle_seconds_sum 0',
          'idle_seconds_count 0',
          '# HELP lag_seconds Lag',
          '# TYPE lag_seconds summary',
          `lag_seconds{quantile="0.1"} 0.99`, // value(0) = (1 + a) * ((1 - a) / (1 + a))
          `lag_seconds{quantile="0.5"} 0.99`,
          'lag_seconds_sum 1',
          'lag_seconds_count 1',
          '',
        ].join('\n'),
      );
      const result = promtoolCheck(this, text);
      expect(result.status, result.output).to.equal(0);
    });

    it('should ignore cells whose window has ended, also those a dead writer left behind', () => {
      const fields: Array<[string, string]> = [
        ...HEAD,
        ['rpc_seconds:p:__cell="1",__until="1000"', '5'],
        ['rpc_seconds:p:__cell="3",__until="1020"', '1'],
        ['rpc_seconds:s:', '20'],
        ['rpc_seconds:c:', '6'],
      ];
      const at = (ms: number) => (decodeNamespace(fields, ms).families[0].series[0] as any).quantiles;
      expect(at(999_999)).to.deep.equal([[0.5, 1.5], [1, 13.5]]);
      expect(at(1_000_000)).to.deep.equal([[0.5, 13.5], [1, 13.5]]);
      expect(at(1_020_000)).to.deep.equal([[0.5, NaN], [1, NaN]]); // deep equality takes NaN for NaN
      expect(decodeNamespace(fields, 1_020_000).skipped).to.deep.equal([]);
    });

    it('should collapse the lowest cells to the bound in the m field', () => {
      const fields: Array<[string, string]> = [
        ...HEAD,
        ['rpc_seconds:q:quantile="0"', '1'],
        ['rpc_seconds:m:', '2'],
        ['rpc_seconds:n:__cell="1"', '1'],
        ['rpc_seconds:z:', '1'],
        ['rpc_seconds:p:__cell="1"', '1'],
      ];
      const series = decodeNamespace(fields, 0).families[0].series[0] as any;
      expect(series.quantiles).to.deep.equal([[0, 0], [0.5, 0], [1, 1.5]]);
      expect(series.count).to.equal(0); // no c field
    });

    it('should skip and report the fields it cannot use, and render the rest', () => {
      const { families, skipped } = decodeNamespace([
        ...HEAD,
        ['rpc_seconds:p:', '1'],
        ['rpc_seconds:z:__cell="1"', '1'],
        ['rpc_seconds:p:__cell="1.5"', '1'],
        ['rpc_seconds:p:__cell="99999999"', '1'],
        ['rpc_seconds:p:__cell="1",__until="soon"', '1'],
        ['rpc_seconds:p:__cell="2"', '-1'],
        ['rpc_seconds:q:quantile="2"', '1'],
        ['rpc_seconds:q:le="1"', '1'],
        ['rpc_seconds:m:', '0'],
        ['rpc_seconds:b:le="1"', '1'],
        ['rpc_seconds:p:__cell="1"', '2'],
      ]);
      expect(skipped.map((s) => [s.field, s.reason]).sort()).to.deep.equal([
        ['rpc_seconds:b:le="1"', 'extension-not-in-type'],
        ['rpc_seconds:m:', 'invalid-cell-bound'],
        ['rpc_seconds:p:', 'invalid-cell'],
        ['rpc_seconds:p:__cell="1",__until="soon"', 'invalid-until'],
        ['rpc_seconds:p:__cell="1.5"', 'invalid-cell'],
        ['rpc_seconds:p:__cell="2"', 'invalid-cell-value'],
        ['rpc_seconds:p:__cell="99999999"', 'invalid-cell'],
        ['rpc_seconds:q:le="1"', 'misplaced-label'],
        ['rpc_seconds:q:quantile="2"', 'invalid-quantile'],
        ['rpc_seconds:z:__cell="1"', 'invalid-cell'],
      ]);
      expect((families[0].series[0] as any).quantiles).to.deep.equal([[0.5, 1.5], [1, 1.5]]);
    });

    it('should report an unusable accuracy field and compute the quantiles with the default accuracy 0.01', () => {
      const { families, skipped } = decodeNamespace([
        ['x:t:', 's'],
        ['x:a:', '2'],
        ['x:q:quantile="0.5"', '1'],
        ['x:p:__cell="1"', '1'],
        ['x:s:', '3'],
        ['x:c:', '1'],
      ]);
      expect(skipped.map((s) => [s.field, s.reason])).to.deep.equal([['x:a:', 'invalid-accuracy']]);
      expect(families[0].series).to.deep.equal([{ labels: [], quantiles: [[0.5, 1.01]], sum: 3, count: 1 }]);
    });
  });

  describe('expiredCellFields', () => {
    it('should list the cells of summaries whose window ended by the cut-off', () => {
      const fields: Array<[string, string]> = [
        ['a:t:', 's'],
        ['a:p:__cell="1",__until="100"', '1'],
        ['a:n:__cell="1",__until="100.5"', '1'],
        ['a:z:__until="99",x="y"', '1'],
        ['a:p:__cell="1",__until="101"', '1'],
        ['a:p:__cell="1"', '1'],
        ['a:s:', '1'],
        ['b:t:', 'c'],
        ['b:p:__cell="1",__until="1"', '1'],
        ['c:p:__cell="1",__until="1"', '1'],
        ['bad field', '1'],
      ];
      expect(expiredCellFields(fields, 100_500)).to.deep.equal([
        'a:p:__cell="1",__until="100"',
        'a:n:__cell="1",__until="100.5"',
        'a:z:__until="99",x="y"',
      ]);
      expect(expiredCellFields(fields, 99_999)).to.deep.equal(['a:z:__until="99",x="y"']);
    });
  });
});
