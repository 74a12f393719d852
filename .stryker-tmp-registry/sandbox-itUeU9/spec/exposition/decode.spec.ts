// @ts-nocheck
import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import { renderText } from '../../lib/exposition/render/text';

describe('exposition/decode', () => {
  describe('decodeNamespace', () => {
    it('should group fields into sorted families and series', () => {
      const { families, skipped } = decodeNamespace([
        ['b_total::x="2"', '5'],
        ['b_total:t:', 'c'],
        ['b_total::x="1"', '4'],
        ['a_gauge:d:', 'A gauge'],
        ['a_gauge:t:', 'g'],
        ['a_gauge::', '-3'],
      ]);
      expect(skipped).to.deep.equal([]);
      expect(families).to.deep.equal([
        { name: 'a_gauge', help: 'A gauge', type: 'gauge', series: [{ labels: [], value: -3 }] },
        {
          name: 'b_total',
          help: '',
          type: 'counter',
          series: [
            { labels: [['x', '1']], value: 4 },
            { labels: [['x', '2']], value: 5 },
          ],
        },
      ]);
    });

    it('should order buckets numerically, give each series its own buckets only and keep labels on +Inf, sum and count', () => {
      const { families } = decodeNamespace([
        ['h:t:', 'h'],
        ['h:b:le="10",p="a"', '3'],
        ['h:b:le="2",p="a"', '1'],
        ['h:b:le="+Inf",p="a"', '4'],
        ['h:s:p="a"', '30.5'],
        ['h:c:p="a"', '4'],
        ['h:b:le="5",p="b"', '2'],
        ['h:c:p="b"', '2'],
        ['h:s:p="b"', '6'],
      ]);
      expect(renderText(families)).to.equal(
        [
          '# HELP h ',
          '# TYPE h histogram',
          'h_bucket{p="a",le="2"} 1',
          'h_bucket{p="a",le="10"} 3',
          'h_bucket{p="a",le="+Inf"} 4',
          'h_sum{p="a"} 30.5',
          'h_count{p="a"} 4',
          'h_bucket{p="b",le="5"} 2',
          'h_bucket{p="b",le="+Inf"} 2',
          'h_sum{p="b"} 6',
          'h_count{p="b"} 2',
          '',
        ].join('\n'),
      );
    });

    it('should skip and report foreign and corrupt fields and decode the rest', () => {
      const { families, skipped } = decodeNamespace([
        ['ok_total:t:', 'c'],
        ['ok_total::', '7'],
        ['foreign-field', 'x'],
        ['ok_total::a="unterminated', '1'],
        ['ok_total::b="2"', 'not a number'],
        ['ok_total:b:le="1"', '1'],
        ['weird:t:', 'q'],
        ['ok_total:z:', '1'],
        ['h:t:', 'h'],
        ['h:b:p="1"', '1'],
      ]);
      expect(families.map((f) => [f.name, f.series.length])).to.deep.equal([
        ['h', 0],
        ['ok_total', 1],
      ]);
      expect(skipped.map((s) => [s.field, s.reason])).to.deep.equal([
        ['foreign-field', 'invalid-field'],
        ['ok_total::a="unterminated', 'invalid-labels'],
        ['ok_total::b="2"', 'invalid-value'],
        ['weird:t:', 'unknown-type'],
        ['h:b:p="1"', 'invalid-bucket-bound'],
        ['ok_total:b:le="1"', 'extension-not-in-type'],
        ['ok_total:z:', 'extension-not-in-type'],
      ]);
    });

    it('should read a family without a type field as untyped, or histogram when it has buckets', () => {
      const { families } = decodeNamespace([
        ['u::', '1'],
        ['hh:b:le="1"', '1'],
        ['hh:c:', '1'],
      ]);
      expect(families.map((f) => [f.name, f.type])).to.deep.equal([
        ['hh', 'histogram'],
        ['u', 'untyped'],
      ]);
    });
  });
});
