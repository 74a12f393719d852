// @ts-nocheck
import { expect } from 'chai';
import { decodeCanonicalField, decodeField } from '../../lib/codec/field';
import { decodeCanonicalLabels, decodeLabels, encodeLabels } from '../../lib/codec/labels';

/** Labels parts of every kind: canonical, with escapes, empty values, bad syntax, unsorted, repeated. */
const PARTS = [
  '', 'a="1"', 'a="1",b="2"', 'a="",b="2"', 'b="2"', 'a="x\\"y"', 'a="x\\\\y",b="z"', 'a="line\nfeed"', 'a="line\\nfeed"',
  'a="x,y=\\"z\\"",b="{}:"', 'a="ünïcödé 日本"', 'b="1",a="2"', 'a="1",a="2"', 'a="1",', 'a="1"b="2"', 'a=1', 'a="1', '1a="x"',
  'a="\\q"', '_a9="v",b_="w"', 'ab="3"', 'a="1",ab="2"', 'a_="1",ab="2",b="3"', ',a="1"', 'a="1",,b="2"', '="1"', 'a-b="1"',
  'a="1" ', ' a="1"', 'a="x"y"', 'le="+Inf",x="a"', '__cell="3",x="y"', 'a="=\\"",b=""',
];

/** A random labels part made of pieces that are often, but not always, canonical. */
function randomPart(random: () => number): string {
  const names = ['a', 'ab', 'b', '_x', 'le', '__cell', '9', ''];
  const values = ['1', '', 'x y', 'q"', 'b\\\\s', 'n\\n', 'ü', ',', '=', '"'];
  const n = Math.floor(random() * 4);
  const pairs: string[] = [];
  for (let i = 0; i < n; i++) pairs.push(`${names[Math.floor(random() * names.length)]}="${values[Math.floor(random() * values.length)]}"`);
  let text = pairs.join(random() < 0.9 ? ',' : ';');
  if (random() < 0.1) text = text.slice(0, Math.floor(random() * text.length));
  return text;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('codec: the canonical fast path', () => {
  describe('decodeCanonicalLabels', () => {
    it('should give what decodeLabels gives, or undefined, and only for what encodeLabels writes', () => {
      const random = seeded(42);
      const parts = [...PARTS, ...Array.from({ length: 5000 }, () => randomPart(random))];
      let fast = 0;
      for (const part of parts) {
        const names: string[] = [];
        const got = decodeCanonicalLabels(part, names);
        if (got === undefined) continue;
        fast++;
        expect(got, part).to.deep.equal(decodeLabels(part));
        expect(encodeLabels(got), part).to.equal(part);
      }
      expect(fast).to.be.greaterThan(100); // the fast path is really taken
    });

    it('should take every labels part that encodeLabels writes for values with nothing to escape', () => {
      const random = seeded(7);
      for (let i = 0; i < 2000; i++) {
        const pairs: Array<[string, string]> = [];
        for (const name of ['a', 'b_', 'code', 'method', 'z9']) if (random() < 0.5) pairs.push([name, `v${Math.floor(random() * 100)} ü,=:{}`]);
        const part = encodeLabels(pairs);
        expect(decodeCanonicalLabels(part, []), part).to.deep.equal(decodeLabels(part));
      }
    });

    it('should share one string per label name across the parts it reads', () => {
      const names: string[] = [];
      const first = decodeCanonicalLabels('code="200",method="GET"', names)!;
      const second = decodeCanonicalLabels('code="500",method="PUT"', names)!;
      expect(names).to.deep.equal(['code', 'method']);
      expect(first[0][0]).to.equal(second[0][0]);
      expect(first[1][0]).to.equal(names[1]);
    });
  });

  describe('decodeCanonicalField', () => {
    it('should give what decodeField gives, or undefined', () => {
      const fields = PARTS.flatMap((p) => [`m::${p}`, `m:b:${p}`, `9m::${p}`, `m:${p}`, `:x:${p}`]);
      for (const field of fields) {
        const got = decodeCanonicalField(field, []);
        if (got !== undefined) expect(got, field).to.deep.equal(decodeField(field));
      }
      expect(decodeCanonicalField('m::a="1"', [])).to.deep.equal({ name: 'm', extension: '', labels: [['a', '1']], labelsText: 'a="1"' });
    });

    it('should take names it is told were checked as valid', () => {
      expect(decodeCanonicalField('9m::', [])).to.equal(undefined);
      expect(decodeCanonicalField('9m::', [], new Set(['9m']))?.name).to.equal('9m');
    });
  });
});
