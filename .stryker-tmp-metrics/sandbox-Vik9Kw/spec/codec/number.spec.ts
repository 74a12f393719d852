// @ts-nocheck
import { expect } from 'chai';
import { formatNumber, parseNumber } from '../../lib/codec/number';

describe('codec/number', () => {
  describe('formatNumber', () => {
    it('should spell numbers the one canonical way', () => {
      expect([0, -0, 1, 5, 0.1, 0.005, 2.5, 1e-7, 1e21, -3, 1 / 3].map(formatNumber)).to.deep.equal([
        '0', '0', '1', '5', '0.1', '0.005', '2.5', '1e-7', '1e+21', '-3', '0.3333333333333333',
      ]);
    });
    it('should spell the non-finite values as Prometheus does', () => {
      expect([Infinity, -Infinity, NaN].map(formatNumber)).to.deep.equal(['+Inf', '-Inf', 'NaN']);
    });
  });

  describe('parseNumber', () => {
    it('should read what formatNumber and Redis write', () => {
      expect(['3', '0.30000000000000004', '1.5e+21', '1e-7', '-2', '+Inf', 'inf', '-Inf'].map(parseNumber)).to.deep.equal([
        3, 0.30000000000000004, 1.5e21, 1e-7, -2, Infinity, Infinity, -Infinity,
      ]);
      expect(parseNumber('NaN')).to.be.NaN;
    });
    it('should refuse what is not a number', () => {
      for (const text of ['', 'abc', '1,5', '0x10', ' 1', '1 ', '--1', 'Infinit']) {
        expect(parseNumber(text), text).to.equal(undefined);
      }
    });
  });
});
