// @ts-nocheck
import { expect } from 'chai';
import { decodeLabels, encodeLabels, escapeLabelValue } from '../../lib/codec/labels';

const NASTY = ['a"b', 'back\\slash', 'new\nline', 'com,ma', 'co:lon', 'eq=ual', 'ünïcødé ✓ 日本', '\\"\n', '', 'x="y",z="w"'];

describe('codec/labels', () => {
  describe('escapeLabelValue', () => {
    it('should escape backslash, double quote and line feed as the Prometheus text format does', () => {
      expect(escapeLabelValue('a\\b"c\nd')).to.equal('a\\\\b\\"c\\nd');
      expect(escapeLabelValue('plain, with: = and ü')).to.equal('plain, with: = and ü');
    });
  });

  describe('encodeLabels', () => {
    it('should sort by name and escape values', () => {
      expect(encodeLabels([['method', 'GET'], ['code', '200']])).to.equal('code="200",method="GET"');
      expect(encodeLabels([['b', 'x"y'], ['a', 'p\\q\nr']])).to.equal('a="p\\\\q\\nr",b="x\\"y"');
    });
    it('should leave out labels with empty values', () => {
      expect(encodeLabels([['a', ''], ['b', '1']])).to.equal('b="1"');
      expect(encodeLabels([])).to.equal('');
    });
  });

  describe('decodeLabels', () => {
    it('should round-trip every nasty value exactly', () => {
      for (const v of NASTY.filter((x) => x !== '')) {
        const text = encodeLabels([['z', 'plain'], ['a', v]]);
        expect(decodeLabels(text), JSON.stringify(v)).to.deep.equal([['a', v], ['z', 'plain']]);
      }
    });
    it('should keep label sets that differ only in punctuation apart', () => {
      const one = encodeLabels([['a', 'x,b="y'], ['b', '']]);
      const two = encodeLabels([['a', 'x'], ['b', 'y']]);
      expect(one).to.not.equal(two);
      expect(decodeLabels(one)).to.deep.equal([['a', 'x,b="y']]);
    });
    it('should decode the empty labels part as no labels', () => {
      expect(decodeLabels('')).to.deep.equal([]);
    });
    it('should say what is wrong with a corrupt labels part', () => {
      expect(decodeLabels('a=1')).to.equal(`expected '="' after label "a"`);
      expect(decodeLabels('a="1')).to.equal('unterminated value of label "a"');
      expect(decodeLabels('a="1"b="2"')).to.equal('expected "," at offset 5');
      expect(decodeLabels('a="\\t"')).to.equal('bad escape "\\t" in the value of label "a"');
      expect(decodeLabels('b="1",a="2"')).to.equal('labels are not sorted ("b" before "a")');
      expect(decodeLabels('a="1",a="2"')).to.equal('label "a" repeats');
      expect(decodeLabels('9a="1"')).to.equal('expected a label name at offset 0');
    });
  });
});
