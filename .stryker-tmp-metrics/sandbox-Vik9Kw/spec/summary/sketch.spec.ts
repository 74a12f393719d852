// @ts-nocheck
import { expect } from 'chai';
import { collapseLowest } from '../../lib/sketch/collapse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatNumber } from '../../lib/codec/number';
import { LogMapping, power } from '../../lib/sketch/LogMapping';
import { cellOrdinal, ORDINAL_OFFSET, ordinalKey, ordinalOf, ordinalSign, ordinalValue } from '../../lib/sketch/ordinal';
import { quantileRank, sketchQuantiles } from '../../lib/sketch/quantile';

const FORMAT = readFileSync(join(__dirname, '..', '..', 'docs', 'format.md'), 'utf8');

describe('sketch', () => {
  describe('LogMapping', () => {
    it('should give every test vector of docs/format.md ("Value of a cell") to the last bit', () => {
      const rows = [...FORMAT.matchAll(/^\| ([0-9.]+) \| (-?\d+) \| `([^`]+)` \|$/gm)];
      expect(rows.length).to.be.at.least(16);
      for (const [, a, k, value] of rows) expect(formatNumber(new LogMapping(Number(a)).value(Number(k))), `a=${a} k=${k}`).to.equal(value);
    });

    it('should compute powers by the binary method of the format', () => {
      expect([0, 1, 2, 3, 10].map((e) => power(2, e))).to.deep.equal([1, 2, 4, 8, 1024]);
      // 5 = 0b101: r = 1.1, then the square of the square, multiplied in at the top bit
      expect(power(1.1, 5)).to.equal(1.1 * (1.1 * 1.1 * (1.1 * 1.1)));
    });

    it('should derive gamma = (1 + a) / (1 - a)', () => {
      expect(new LogMapping(0.01).gamma).to.equal(1.01 / 0.99);
      expect(new LogMapping(0.5).gamma).to.equal(3);
      expect(new LogMapping(0.5).lnGamma).to.equal(Math.log(3));
    });

    it('should map a value to key ceil(ln(v) / ln(gamma))', () => {
      const m = new LogMapping(0.5); // gamma = 3: cell k holds (3^(k-1), 3^k]
      expect([1, 1.5, 3, 3.5, 8.9, 10, 26, 0.5, 0.34, 0.3, 0.1].map((v) => m.key(v))).to.deep.equal([
        0, 1, 1, 2, 2, 3, 3, 0, 0, -1, -2,
      ]);
      const fine = new LogMapping(0.01);
      expect([1, 1.02, 1.03, 100, 0.001].map((v) => fine.key(v))).to.deep.equal([0, 1, 2, 231, -345]);
    });

    it('should report (1 + a) * gamma^(k-1) = 2 * gamma^k / (gamma + 1) for a cell', () => {
      const m = new LogMapping(0.5);
      expect(m.value(0)).to.equal(0.5);
      expect(m.value(1)).to.equal(1.5);
      expect(m.value(2)).to.equal(4.5);
      expect(m.value(-1)).to.equal(1.5 / 9);
      const fine = new LogMapping(0.01);
      expect(fine.value(5)).to.be.closeTo((2 * fine.gamma ** 5) / (fine.gamma + 1), 1e-15);
      expect(m.lowerBound(2)).to.equal(3);
      expect(m.upperBound(2)).to.equal(9);
    });

    it('should keep every value of a cell within the relative accuracy of the value reported', () => {
      for (const a of [0.0001, 0.001, 0.01, 0.05, 0.2]) {
        const m = new LogMapping(a);
        for (const v of [1e-300, 1e-9, 0.001, 0.3, 1, 7, 1234.5, 9.99e12, 1.7e308]) {
          const k = m.key(v);
          expect(Math.abs(m.value(k) - v) / v, `a=${a} v=${v}`).to.be.at.most(a * (1 + 1e-9));
        }
      }
    });

    it('should refuse accuracies outside [0.0001, 1)', () => {
      for (const a of [0, 0.00001, 1, 2, -0.1, NaN]) {
        expect(() => new LogMapping(a), String(a)).to.throw(RangeError, /relative accuracy/);
      }
    });
  });

  describe('ordinals', () => {
    const m = new LogMapping(0.5);

    it('should order negative cells, the zero cell and positive cells as their values', () => {
      const values = [-100, -10, -1, -0.01, 0, 0.01, 1, 10, 100];
      const ordinals = values.map((v) => ordinalOf(m, v));
      expect(ordinals).to.deep.equal([
        -(ORDINAL_OFFSET + 5), -(ORDINAL_OFFSET + 3), -ORDINAL_OFFSET, -(ORDINAL_OFFSET - 4), 0,
        ORDINAL_OFFSET - 4, ORDINAL_OFFSET, ORDINAL_OFFSET + 3, ORDINAL_OFFSET + 5,
      ]);
      expect([...ordinals].sort((a, b) => a - b)).to.deep.equal(ordinals);
    });

    it('should put 0 and -0 in the zero cell', () => {
      expect(ordinalOf(m, 0)).to.equal(0);
      expect(ordinalOf(m, -0)).to.equal(0);
    });

    it('should give back sign, key and the signed value of a cell', () => {
      const o = cellOrdinal(-1, 2);
      expect([ordinalSign(o), ordinalKey(o), ordinalValue(m, o)]).to.deep.equal([-1, 2, -4.5]);
      expect([ordinalSign(0), ordinalKey(0), ordinalValue(m, 0)]).to.deep.equal([0, 0, 0]);
      expect(ordinalValue(m, cellOrdinal(1, 1))).to.equal(1.5);
    });

    it('should keep every ordinal a small integer for the smallest accuracy and the extreme doubles', () => {
      const fine = new LogMapping(0.0001);
      for (const v of [Number.MIN_VALUE, Number.MAX_VALUE, -Number.MIN_VALUE, -Number.MAX_VALUE]) {
        const o = ordinalOf(fine, v);
        expect(Number.isInteger(o)).to.equal(true);
        expect(Math.abs(ordinalKey(o))).to.be.below(2 ** 22);
        expect(Math.sign(o)).to.equal(Math.sign(v));
      }
    });
  });

  describe('quantileRank', () => {
    it('should use the nearest rank ceil(q * n), at least 1', () => {
      expect([0, 0.01, 0.5, 0.51, 0.99, 1].map((q) => quantileRank(q, 100))).to.deep.equal([1, 1, 50, 51, 99, 100]);
      expect(quantileRank(0.5, 1)).to.equal(1);
      expect(quantileRank(0.5, 3)).to.equal(2);
    });

    it('should not let the rounding of q * n move the rank', () => {
      expect(0.07 * 100).to.be.above(7);
      expect(quantileRank(0.07, 100)).to.equal(7);
      expect(quantileRank(0.29, 100)).to.equal(29);
    });
  });

  describe('sketchQuantiles', () => {
    const m = new LogMapping(0.5);
    const pos = (k: number) => cellOrdinal(1, k);

    it('should report the value of the cell where the running count reaches the rank', () => {
      const cells = [
        { ordinal: cellOrdinal(-1, 1), count: 1 }, // -1.5
        { ordinal: 0, count: 2 }, // 0
        { ordinal: pos(1), count: 3 }, // 1.5
        { ordinal: pos(2), count: 4 }, // 4.5
      ];
      // n = 10: ranks 1, 2, 3, 5, 6, 7, 10
      expect(sketchQuantiles(cells, [0, 0.2, 0.3, 0.5, 0.6, 0.7, 1], m)).to.deep.equal([-1.5, 0, 0, 1.5, 1.5, 4.5, 4.5]);
    });

    it('should report NaN when there are no values', () => {
      // deep equality takes NaN for NaN, and counts them
      expect(sketchQuantiles([], [0.5, 0.9], m)).to.deep.equal([NaN, NaN]);
      expect(sketchQuantiles([{ ordinal: pos(1), count: 0 }], [0.5], m)).to.deep.equal([NaN]);
    });
  });

  describe('collapseLowest', () => {
    const cells = [1, 2, 3, 4, 5].map((k) => ({ ordinal: k, count: k * 10 }));

    it('should merge the lowest cells into the lowest cell kept', () => {
      expect(collapseLowest(cells, 3)).to.deep.equal([
        { ordinal: 3, count: 60 },
        { ordinal: 4, count: 40 },
        { ordinal: 5, count: 50 },
      ]);
      expect(collapseLowest(cells, 1)).to.deep.equal([{ ordinal: 5, count: 150 }]);
    });

    it('should leave a sketch within the bound as it is', () => {
      expect(collapseLowest(cells, 5)).to.equal(cells);
      expect(collapseLowest(cells, 9)).to.equal(cells);
    });
  });
});
