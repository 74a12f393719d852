import { expect } from 'chai';
import { byCodePoint } from '../../lib/util/byCodePoint';
import { codePointOrder } from '../../lib/util/codePointOrder';

describe('util/codePointOrder', () => {
  it('should list the indices of the keys in the order of the keys by code point', () => {
    const keys = ['m::a="b"', 'm::a="a"', 'm::', 'l::a="c"', 'm::a="a",b="c"'];
    expect(codePointOrder(keys).map((i) => keys[i])).to.deep.equal([...keys].sort(byCodePoint));
    expect(codePointOrder([])).to.deep.equal([]);
  });

  it('should put a character beyond U+FFFF after one from U+E000 to U+FFFF, where the order of code units differs', () => {
    const keys = ['m::a="😀"', 'm::a="\uFFFD"', 'm::a="a"', 'm::a="\uE000"'];
    expect(codePointOrder(keys).map((i) => keys[i])).to.deep.equal(['m::a="a"', 'm::a="\uE000"', 'm::a="\uFFFD"', 'm::a="😀"']);
    // `<` alone would put the emoji first among the three
    expect([...keys].sort()[1]).to.equal('m::a="😀"');
  });

  it('should agree with byCodePoint on many keys mixing the two orders', () => {
    const pieces = ['a', 'z', '\uE000', '\uFFFD', '😀', '\u00e9', ''];
    const keys: string[] = [];
    for (const p of pieces) for (const q of pieces) for (const r of pieces) keys.push(p + q + r);
    expect(codePointOrder(keys).map((i) => keys[i])).to.deep.equal([...keys].sort(byCodePoint));
  });
});
