// @ts-nocheck
import { expect } from 'chai';
import { formatNumber, isCanonicalDecimal, parseNumber } from '../../lib/codec/number';

describe('codec/number isCanonicalDecimal', () => {
  it('should accept plain canonical decimals', () => {
    for (const t of ['0', '3', '-3', '0.5', '-0.5', '2.5', '0.000001', '0.000123', '123456789012345', '1.5', '99.125']) {
      expect(isCanonicalDecimal(t), t).to.equal(true);
    }
  });

  it('should refuse other spellings and what it cannot vouch for', () => {
    const refused = [
      '', '-0', '+1', '007', '0.30000000000000', '3.0', '2.50', '.5', '5.', '1e3', '1E3', '1e21', '1.5e+21', '1e-7', '0.0000001', '1234567890123456',
      '0.1234567890123456', '-', '0.', 'NaN', '+Inf', ' 1', '1 ', '0x10', '1,5',
    ];
    for (const t of refused) expect(isCanonicalDecimal(t), t).to.equal(false);
  });

  it('should be true only for texts that formatNumber writes exactly so', () => {
    let s = 1;
    const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let accepted = 0;
    for (let i = 0; i < 20000; i++) {
      const n = (random() - 0.5) * 10 ** Math.floor(random() * 30 - 12);
      for (const text of [formatNumber(n), n.toFixed(Math.floor(random() * 8)), String(Math.round(n)), n.toPrecision(1 + Math.floor(random() * 17))]) {
        if (!isCanonicalDecimal(text)) continue;
        accepted++;
        expect(formatNumber(parseNumber(text)!), text).to.equal(text);
      }
    }
    expect(accepted).to.be.greaterThan(10000);
  });
});
