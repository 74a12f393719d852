import { expect } from 'chai';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { flatten } from '../../lib/util/flatten';

/** collect runs a full garbage collection (the flag is set for this process at run time). */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

describe('util: flatten', () => {
  it('should give back the same text, whatever it is made of', () => {
    const big = 'x'.repeat(100_000) + 'label value with a tail';
    let built = '';
    for (let i = 0; i < 50; i++) built += `piece ${i},`;
    const texts = ['', 'a', 'ab', 'twelve chars', 'thirteen char', 'ж', 'жё', 'mixed ж and ascii text', '\u{1F600} smiley first', '\u{1F600}', built, big.slice(100_000), big];
    for (const t of texts) {
      const f = flatten(t);
      expect(f).to.equal(t);
      expect(f.length).to.equal(t.length);
    }
  });

  it('should keep a string built of pieces as its text alone: no tree of pieces, no slice of a larger copy', () => {
    const gc = collector();
    const count = 50_000;
    const kept: string[] = new Array(count);
    gc();
    const before = process.memoryUsage().heapUsed;
    // 40 one-byte characters each, built of pieces: flat, a string takes 12 bytes of header, 40 of text and 4 of the array
    for (let i = 0; i < count; i++) kept[i] = flatten('GET\u0000/api/v1/items/' + (100_000 + i) + '\u0000200 and more');
    gc();
    const perString = (process.memoryUsage().heapUsed - before) / count;
    expect(kept[7]).to.equal('GET\u0000/api/v1/items/100007\u0000200 and more');
    // a tree of pieces or a slice of a copy (the slice's own 20-odd bytes and the copy's) would take 80 bytes or more
    expect(perString, `${perString.toFixed(1)} bytes a string`).to.be.below(70);
  });
});
