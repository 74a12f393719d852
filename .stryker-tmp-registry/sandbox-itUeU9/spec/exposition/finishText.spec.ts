// @ts-nocheck
import { expect } from 'chai';
import { formatNumber as formatValue, parseNumber } from '../../lib/codec/number';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import { FieldCache } from '../../lib/exposition/decode/FieldCache';
import { NamespaceDecoder } from '../../lib/exposition/decode/NamespaceDecoder';
import { renderText } from '../../lib/exposition/render/text';

type Entries = Array<[string, string]>;

/** textOf decodes `entries` with finishText, through `cache` when given. */
function textOf(entries: Entries, cache?: FieldCache) {
  const decoder = new NamespaceDecoder(cache);
  for (const [f, v] of entries) decoder.add(f, v);
  return decoder.finishText(0);
}

/** expected is what rendering the decoded families gives. */
function expected(entries: Entries) {
  const { families, skipped } = decodeNamespace(entries, 0);
  return { text: renderText(families), skipped };
}

const VALUES = [
  '0', '-0', '1', '-1', '3', '0.5', '-0.5', '2.50', '007', '+1', '1e3', '1E3', '1.5e+21', '1e21', '1e-7', '0.000001', '0.0000001',
  '0.30000000000000004', '0.3333333333333333', '123456789012345', '1234567890123456', '9007199254740993', '0.1', '.5', '5.',
  '+Inf', 'inf', '-Inf', 'NaN', 'nan', '', 'abc', '1,5', ' 1', '1 ', '0x10',
];

describe('exposition/decode finishText', () => {
  it('should write every value text as formatValue writes its number, and skip texts that are not numbers', () => {
    const entries: Entries = [['m:t:', 'g']];
    VALUES.forEach((v, i) => entries.push([`m::i="${String(i).padStart(2, '0')}"`, v]));
    const got = textOf(entries);
    expect(got).to.deep.equal(expected(entries));
    const lines = got.text.split('\n').filter((l) => l.startsWith('m{'));
    const numbers = VALUES.filter((v) => parseNumber(v) !== undefined);
    expect(lines.map((l) => l.slice(l.indexOf(' ') + 1))).to.deep.equal(numbers.map((v) => formatValue(parseNumber(v)!)));
    expect(got.skipped.map((s) => s.value)).to.deep.equal(VALUES.filter((v) => parseNumber(v) === undefined));
  });

  it('should render mixed families exactly as the families render, in any order of fields', () => {
    const entries: Entries = [
      ['c:t:', 'c'], ['c:d:', 'Count\\ and\nmore'], ['c::a="2"', '2'], ['c::a="1"', '1'], ['c::', '7'],
      // a canonical field, then one with an escape, then canonical again: one family, sorted by encoded labels
      ['e::a="b"', '1'], ['e::a="a\\"q"', '2'], ['e::a="c"', '3'], ['e::a="a",b=""', '4'], ['e::a="a"', '5'],
      ['h:t:', 'h'], ['h:b:le="1"', '1'], ['h::x="stray"', '1'], ['h:b:le="+Inf"', '2'], ['h:s:', '3'], ['h:c:', '2'],
      ['t:t:', 'h'], ['t::a="1"', '1'],
      ['u::a="1"', '1'], ['u:b:le="2"', '1'],
      ['g:t:', 'g'], ['g:s:a="1"', '1'], ['g::a="1"', 'x'], ['g::a="2"', '2'],
      ['s:t:', 's'], ['s:q:quantile="0.5"', '1'], ['s:p:__cell="1"', '2'], ['s::', '1'], ['s:s:', '4'], ['s:c:', '2'],
      ['only:d:', 'help only'], ['bad', '1'], ['z:x:', '1'], ['t2:t:', 'q'],
    ];
    for (let shift = 0; shift < entries.length; shift++) {
      const rotated = [...entries.slice(shift), ...entries.slice(0, shift)];
      expect(textOf(rotated), `shift ${shift}`).to.deep.equal(expected(rotated));
    }
  });

  it('should give the same text through a cache, read after read, as fields come, go, change value and change order', () => {
    const cache = new FieldCache();
    const base: Entries = [['m:t:', 'c']];
    for (let i = 0; i < 50; i++) base.push([`m::a="${(i * 37) % 50}"`, String(i)]);
    const reads: Entries[] = [
      base,
      base,
      base.map(([f, v], i) => [f, i % 3 === 0 ? v + '.25' : v] as [string, string]),
      [...base].reverse(),
      base.slice(5),
      [...base, ['m::a="new"', '1'], ['n::', '2']],
      [...base, ...base.slice(0, 10)], // a field that comes twice is kept once
      base,
    ];
    for (const [i, entries] of reads.entries()) {
      const firstOf = new Map<string, string>();
      for (const [f, v] of entries) if (!firstOf.has(f)) firstOf.set(f, v);
      expect(textOf(entries, cache), `read ${i}`).to.deep.equal(expected([...firstOf]));
    }
  });

  it('should give the same text through a cache that cannot remember every field, read after read', () => {
    const cache = new FieldCache(3);
    const base: Entries = [['m:t:', 'g'], ['m::a="4"', '4'], ['m::a="1"', '1'], ['m::a="3"', '3.5'], ['m::a="2"', '2'], ['m::a="0"', '0']];
    const reads: Entries[] = [base, base, base.slice(2), base, [...base].reverse(), [base[3], ...base], base];
    for (const [i, entries] of reads.entries()) {
      const firstOf = new Map<string, string>();
      for (const [f, v] of entries) if (!firstOf.has(f)) firstOf.set(f, v);
      expect(textOf(entries, cache), `read ${i}`).to.deep.equal(expected([...firstOf]));
    }
  });

  it('should give overlapping reads through one cache their own values', () => {
    const cache = new FieldCache();
    const a = new NamespaceDecoder(cache);
    const b = new NamespaceDecoder(cache);
    const fields = ['m::a="2"', 'm::a="1"', 'm::a="3"'];
    fields.forEach((f, i) => {
      a.add(f, String(i));
      b.add(f, String(i + 10));
    });
    expect(b.finishText(0).text).to.equal('# HELP m \n# TYPE m untyped\nm{a="1"} 11\nm{a="2"} 10\nm{a="3"} 12\n');
    expect(a.finishText(0).text).to.equal('# HELP m \n# TYPE m untyped\nm{a="1"} 1\nm{a="2"} 0\nm{a="3"} 2\n');
  });

  it('should decode families alike through finish, with and without a cache, after the layout was remembered', () => {
    const cache = new FieldCache();
    const entries: Entries = [['m:t:', 'g'], ['m::a="2"', '0.5'], ['m::a="1"', '1e3'], ['m::', '-0']];
    for (let i = 0; i < 3; i++) {
      const d = new NamespaceDecoder(cache);
      for (const [f, v] of entries) d.add(f, v);
      expect(i === 1 ? d.finishText(0) : d.finish(0)).to.deep.equal(i === 1 ? expected(entries) : decodeNamespace(entries, 0));
    }
  });
});

describe('exposition/render of decoded counter and gauge series', () => {
  it('should render the decoded lines only for the series and family they were made for', () => {
    const { families } = decodeNamespace([['mm:t:', 'g'], ['mm::a="1"', '0.50'], ['mm::', '3']], 0);
    const f = families[0];
    if (f.type !== 'gauge') throw new Error('expected a gauge');
    const [s, t] = f.series;
    expect(renderText(families)).to.equal('# HELP mm \n# TYPE mm gauge\nmm 3\nmm{a="1"} 0.5\n');
    expect(renderText([{ ...f, name: 'm' }])).to.equal('# HELP m \n# TYPE m gauge\nm 3\nm{a="1"} 0.5\n');
    expect(renderText([{ ...f, name: 'mmx' }])).to.equal('# HELP mmx \n# TYPE mmx gauge\nmmx 3\nmmx{a="1"} 0.5\n');
    expect(renderText([{ ...f, series: [{ ...s, value: 2 }, { ...t, labels: [['b', '2']] }] }])).to.equal(
      '# HELP mm \n# TYPE mm gauge\nmm 2\nmm{b="2"} 0.5\n',
    );
    expect(renderText([{ ...f, series: [{ ...s }, { ...t }] }])).to.equal(renderText(families));
    // series are read-only by type, but a change made anyway must show
    (s as { value: number }).value = 4;
    (t as { labels: unknown }).labels = [['c', '1']];
    expect(renderText(families)).to.equal('# HELP mm \n# TYPE mm gauge\nmm 4\nmm{c="1"} 0.5\n');
  });
});
