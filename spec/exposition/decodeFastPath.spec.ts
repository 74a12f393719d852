import { expect } from 'chai';
import { checkLabelNames, parseLabels } from '../../lib/exposition/decode/splitField';
import { encodeLabels } from '../../lib/codec/labels';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import { FieldCache } from '../../lib/exposition/decode/FieldCache';
import { NamespaceDecoder } from '../../lib/exposition/decode/NamespaceDecoder';
import type { MetricFamily } from '../../lib/exposition/families';
import { renderText } from '../../lib/exposition/render/text';

/** copyFamilies rebuilds families from plain arrays, so that rendering cannot reuse anything the decoder attached. */
function copyFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  return JSON.parse(JSON.stringify(families, (_k, v) => (v === Infinity ? '__inf' : v)), (_k, v) => (v === '__inf' ? Infinity : v));
}

const LABEL_PARTS = [
  '',
  'a="1"',
  'a="1",b="2"',
  'a="",b="2"',
  'b="2"',
  'a="x\\"y"',
  'a="x\\\\y",b="z"',
  'a="line\nfeed"',
  'a="line\\nfeed"',
  'a="x,y=\\"z\\"",b="{}:"',
  'a="ünïcödé"',
  'b="1",a="2"',
  'a="1",a="2"',
  'a="1",',
  'a="1"b="2"',
  'a=1',
  'a="1',
  '1a="x"',
  'a="\\q"',
  '_a9="v",b_="w"',
  'ab="3"',
  'a="1",ab="2"',
  'a_="1",ab="2",b="3"',
];

describe('exposition/decode fast path', () => {
  it('should decode every labels part exactly as the labels grammar does, or skip it with the same reason', () => {
    for (const labels of LABEL_PARTS) {
      const field = `m::${labels}`;
      const pairs = parseLabels(labels);
      const expected = pairs === undefined ? 'invalid-labels' : checkLabelNames(pairs, '');
      const { families, skipped } = decodeNamespace([[field, '1']]);
      if (expected !== undefined) {
        expect(skipped, labels).to.deep.equal([{ field, value: '1', reason: expected }]);
      } else {
        expect(skipped, labels).to.deep.equal([]);
        expect(families[0].series[0].labels, labels).to.deep.equal(pairs!.filter((p) => p[1] !== ''));
      }
    }
  });

  it('should tell apart label names that start alike, in any order', () => {
    const { families, skipped } = decodeNamespace([
      ['m::ab="1"', '1'],
      ['m::a="2"', '2'],
      ['m::a="3",ab="4"', '3'],
      ['m::abc="5"', '4'],
    ]);
    expect(skipped).to.deep.equal([]);
    expect(families[0].series.map((s) => s.labels)).to.deep.equal([
      [['a', '2']],
      [['a', '3'], ['ab', '4']],
      [['ab', '1']],
      [['abc', '5']],
    ]);
  });

  it('should render what the same families render when built afresh', () => {
    const entries: Array<[string, string]> = [['m:t:', 'c']];
    for (const labels of LABEL_PARTS) entries.push([`m::${labels}`, '2']);
    entries.push(['h:t:', 'h'], ['h:b:le="1",x="a\\"b"', '1'], ['h:b:le="+Inf",x="a\\"b"', '2'], ['h:s:x="a\\"b"', '3'], ['h:c:x="a\\"b"', '2']);
    const { families } = decodeNamespace(entries);
    expect(renderText(families)).to.equal(renderText(copyFamilies(families)));
  });

  it('should sort series by their encoded labels, whatever order the fields come in', () => {
    const parts = ['a="b"', 'a="a",b="z"', 'a="a"', 'b="1"', 'a="",b="0"', '', 'a="a\\\\"', 'a="a\\"x"', 'a="a\nb"', 'a="ab"'];
    for (let shift = 0; shift < parts.length; shift++) {
      const rotated = [...parts.slice(shift), ...parts.slice(0, shift)];
      const { families } = decodeNamespace(rotated.map((p, i) => [`m::${p}`, String(i)] as [string, string]));
      const keys = families[0].series.map((s) => encodeLabels(s.labels));
      expect(keys).to.deep.equal([...keys].sort());
    }
  });
});

describe('exposition/decode FieldCache', () => {
  function read(cache: FieldCache, entries: Array<[string, string]>) {
    const decoder = new NamespaceDecoder(cache);
    for (const [f, v] of entries) decoder.add(f, v);
    return decoder.finish(0);
  }

  it('should decode reads alike with and without remembered fields, keep a field that comes twice once, and forget fields that went away', () => {
    const cache = new FieldCache(3);
    const first: Array<[string, string]> = [['m:t:', 'c'], ['m::a="1"', '1'], ['m::a="2"', '2'], ['m::a="1"', '9'], ['m::b="x\\"y"', '3'], ['bad', '1']];
    const expected = decodeNamespace([['m:t:', 'c'], ['m::a="1"', '1'], ['m::a="2"', '2'], ['m::b="x\\"y"', '3'], ['bad', '1']], 0);
    expect(read(cache, first)).to.deep.equal(expected);
    expect(read(cache, first)).to.deep.equal(expected); // everything remembered now, up to the limit
    const second: Array<[string, string]> = [['m:t:', 'c'], ['m::a="3"', '5'], ['m::a="3"', '6']];
    expect(read(cache, second)).to.deep.equal(decodeNamespace([['m:t:', 'c'], ['m::a="3"', '5']], 0));
    expect(renderText(read(cache, second).families)).to.equal('# HELP m \n# TYPE m counter\nm{a="3"} 5\n');
  });

  it('should give overlapping reads every field', () => {
    const cache = new FieldCache();
    const entries: Array<[string, string]> = [['m::a="1"', '1'], ['m::a="2"', '2']];
    const a = new NamespaceDecoder(cache);
    const b = new NamespaceDecoder(cache);
    for (const [f, v] of entries) {
      a.add(f, v);
      b.add(f, v);
    }
    const expected = decodeNamespace(entries, 0);
    expect(b.finish(0)).to.deep.equal(expected);
    expect(a.finish(0)).to.deep.equal(expected);
  });
  it('should not remember fields longer than 1,024 characters between reads, and still read each once per read', () => {
    const cache = new FieldCache();
    const long = `m::a="${'x'.repeat(2000)}"`;
    for (let round = 0; round < 2; round++) {
      const decoder = new NamespaceDecoder(cache);
      decoder.add('m:t:', 'g');
      decoder.add(long, '1');
      decoder.add(long, '2'); // HSCAN may give a field twice: the first is kept
      const { families, skipped } = decoder.finish(0);
      expect(families[0].series).to.deep.equal([{ labels: [['a', 'x'.repeat(2000)]], value: 1 }]);
      expect(skipped).to.deep.equal([]);
    }
    expect((cache as unknown as { entries: Map<string, unknown> }).entries.has(long)).to.equal(false);
    expect((cache as unknown as { entries: Map<string, unknown> }).entries.has('m:t:')).to.equal(true);
  });
});
