import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import { FieldCache } from '../../lib/exposition/decode/FieldCache';
import type { ReaderLimits } from '../../lib/exposition/decode/ReaderLimits';
import { SummaryLayout } from '../../lib/exposition/decode/SummaryLayout';
import { renderText } from '../../lib/exposition/render/text';
import { change, decoderOf, Entries, expectAlike, readsOfChangingFields } from './layoutReads';

function layoutOf(cache: FieldCache, name: string): SummaryLayout {
  const layout = cache.layout(name);
  if (!(layout instanceof SummaryLayout)) throw new Error(`no summary layout for ${name}`);
  return layout;
}

/** cells lists cell fields of a series of `s` (labels written in order, `__cell` and `__until` placed by name): `p` for keys >= 0, `n` for the others, `z` for 'z'. */
function cells(labels: string, counts: Record<string, string>, until?: string): Entries {
  const pairs = labels === '' ? [] : labels.split(',');
  return Object.entries(counts).map(([key, v]) => {
    const reserved = [...(key === 'z' ? [] : [`__cell="${key.replace(/^-/, '')}"`]), ...(until === undefined ? [] : [`__until="${until}"`])];
    const ext = key === 'z' ? 'z' : key.startsWith('-') ? 'n' : 'p';
    return [`s:${ext}:${[...pairs, ...reserved].sort().join(',')}`, v] as [string, string];
  });
}

const BASE: Entries = [
  ['s:t:', 's'],
  ['s:d:', 'Sizes'],
  ['s:q:quantile="0.5"', '0'],
  ['s:q:quantile="0.9"', '0'],
  ['s:q:quantile="0.99"', '0'],
  ['s:a:', '0.02'],
  ...cells('m="GET"', { '3': '2', '10': '1', '-4': '1', z: '1' }),
  ['s:s:m="GET"', '12.5'],
  ['s:c:m="GET"', '5'],
  ...cells('m="PUT"', { '7': '3' }),
  ['s:s:m="PUT"', '9'],
  ['s:c:m="PUT"', '3'],
  ...cells('', { '1': '4' }),
  ['s:c:', '4'],
  ...cells('A="x",m="w"', { '2': '1' }, '100'),
  ...cells('A="x",m="w"', { '2': '2', '5': '1' }, '200'),
  ...cells('m="old"', { '9': '1' }, '100'),
];

describe('exposition/decode SummaryLayout', () => {
  it('should render a summary family from its layout, read after read, as the families render it', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read', 50_000);
    const layout = layoutOf(cache, 's');
    expect(layout.series?.length).to.equal(5);
    expectAlike(BASE, cache, 'same fields', 50_000);
    expect(layoutOf(cache, 's')).to.equal(layout);
  });

  it('should render the new value of a cell, sum or count that changed, and the sketch fields, and only what changed anew', () => {
    const cache = new FieldCache();
    const reads: Array<[string, Entries, number]> = [
      ['a cell', change(BASE, 's:p:__cell="3",m="GET"', '7'), 1],
      ['the zero cell', change(BASE, 's:z:m="GET"', '0'), 1],
      ['a negative cell', change(BASE, 's:n:__cell="4",m="GET"', '9'), 1],
      ['a cell to 0', change(BASE, 's:p:__cell="7",m="PUT"', '0'), 1],
      ['a sum', change(BASE, 's:s:m="PUT"', '-1.5'), 1],
      ['a count', change(BASE, 's:c:', '40'), 1],
      ['a cell in one window of two', change(BASE, 's:p:A="x",__cell="2",__until="100",m="w"', '6'), 1],
      ['the accuracy', change(BASE, 's:a:', '0.05'), 5],
    ];
    for (const [what, entries, again] of reads) {
      expectAlike(BASE, cache, `before ${what}`, 50_000);
      const layout = layoutOf(cache, 's');
      const kept = layout.series!.map((s) => s.texts);
      expectAlike(entries, cache, what, 50_000);
      expect(layoutOf(cache, 's'), what).to.equal(layout);
      expect(layout.series!.filter((s, k) => s.texts !== kept[k]).length, what).to.equal(again);
    }
  });

  it('should leave out the cells of a window that ended, and a series whose cells all ended, as time goes by', () => {
    const cache = new FieldCache();
    for (const nowMs of [0, 99_999, 100_000, 150_000, 99_000, 200_000, 300_000, 100_000]) expectAlike(BASE, cache, `at ${nowMs} ms`, nowMs);
    const text = decoderOf(BASE, cache).finishText(150_000).text;
    expect(text).not.to.include('m="old"');
    expect(text).to.include('m="w"');
  });

  it('should leave out a series that disappears and add one that appears, in label order', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read');
    expectAlike(BASE.filter(([f]) => !f.includes('m="PUT"')), cache, 'a series gone');
    expect(layoutOf(cache, 's').series?.length).to.equal(4);
    const more: Entries = [...BASE, ...cells('m="A"', { '5': '1' }), ['s:c:m="A"', '1']];
    expectAlike(more, cache, 'a series added');
    expectAlike([...more].reverse(), cache, 'another order');
    expectAlike([...BASE, ...cells('m="GET"', { '11': '1' })], cache, 'a cell added');
    const moved: Entries = [...BASE.filter(([f]) => f !== 's:p:__cell="7",m="PUT"'), ...cells('m="PUT"', { '8': '3' })];
    expectAlike(moved, cache, 'a cell replaced by another of the same count');
    expectAlike([...BASE, ['s:m:', '2']], cache, 'a cell bound');
    expectAlike(change([...BASE, ['s:m:', '2']], 's:p:__cell="3",m="GET"', '0'), cache, 'a cell bound, and a cell of 0');
    expectAlike(BASE.filter(([f]) => f !== 's:q:quantile="0.9"'), cache, 'a quantile gone');
    expectAlike(BASE, cache, 'back to the first fields');
  });

  it('should assemble the family, and report the fields skipped, when a value breaks the rules, then use the layout again', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read');
    for (const [field, value] of [
      ['s:p:__cell="3",m="GET"', '1.5'],
      ['s:p:A="x",__cell="2",__until="100",m="w"', '-1'], // in a window that has ended: reported all the same
      ['s:z:m="GET"', 'NaN'],
      ['s:c:m="PUT"', '2.5'],
      ['s:s:m="PUT"', 'NaN'],
      ['s:a:', '1'],
      ['s:a:', '0'],
    ] as const) {
      const entries = change(BASE, field, value);
      expectAlike(entries, cache, `${field} = ${value}`, 150_000);
      expect(decoderOf(entries, cache).finish(150_000).skipped.map((s) => s.field), `${field} = ${value}`).to.deep.equal([field]);
      expectAlike(BASE, cache, `after ${field} = ${value}`, 150_000);
    }
  });

  it('should assemble families its layout cannot render', () => {
    const cases: Array<[string, Entries, ReaderLimits?]> = [
      ['a cell bound', [...BASE, ['s:m:', '2']]],
      ['a cell bound that breaks the rules', [...BASE, ['s:m:', '0']]],
      ['a cell key spelled otherwise', [...BASE, ['s:p:__cell="007",m="GET"', '1']]],
      ['a cell key too large', [...BASE, ['s:p:__cell="4194304",m="GET"', '1']]],
      ['a zero cell with a key', [...BASE, ['s:z:__cell="1",m="GET"', '1']]],
      ['a cell without a key', [...BASE, ['s:p:m="GET"', '1']]],
      ['a window end that is not a number', [...BASE, ['s:p:__cell="1",__until="x",m="GET"', '1']]],
      ['a native histogram label', [...BASE, ['s:p:__cell="1",__schema="0",m="GET"', '1']]],
      ['a quantile out of range', [...BASE, ['s:q:quantile="2"', '0']]],
      ['a quantile with another label', [...BASE, ['s:q:a="1",quantile="0.3"', '0']]],
      ['a quantile spelled twice', [...BASE, ['s:q:quantile="0.50"', '0']]],
      ['more quantiles than the limit', BASE, { maxQuantilesPerFamily: 2 }],
      ['a bucket', [...BASE, ['s:b:le="1"', '1']]],
      ['a value field', [...BASE, ['s::m="GET"', '1']]],
      ['an empty label value', [...BASE, ['s:c:m="GET",x=""', '1']]],
      ['a field written otherwise', [...BASE, ['s:c:m="a\\"b"', '1']]],
      ['a gauge s_sum', [...BASE, ['s_sum::', '1']]],
      ['no type field', BASE.filter(([f]) => f !== 's:t:')],
      ['quantiles only', BASE.filter(([f]) => f.startsWith('s:q:') || f === 's:t:')],
      ['quantiles only, no type field', BASE.filter(([f]) => f.startsWith('s:q:'))],
      ['only ended cells', [['s:t:', 's'], ...cells('m="old"', { '9': '1' }, '100')]],
      ['only ended cells and a help text', [['s:t:', 's'], ['s:d:', 'h'], ...cells('m="old"', { '9': '1' }, '100')]],
      ['a histogram', BASE.map(([f, v]) => [f, f === 's:t:' ? 'h' : v] as [string, string])],
    ];
    for (const [what, entries, limits] of cases) {
      const cache = new FieldCache();
      for (let round = 0; round < 3; round++) expectAlike(round === 1 ? [...entries].reverse() : entries, cache, `${what}, read ${round + 1}`, 150_000, limits);
    }
  });

  it('should give overlapping reads through one cache their own values and times', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read');
    const other = change(BASE, 's:p:__cell="3",m="GET"', '9');
    const a = decoderOf(BASE, cache);
    const b = decoderOf(other, cache);
    const readB = b.finishRead(150_000);
    const readA = a.finishRead(50_000);
    expect(readB.text()).to.equal(renderText(decodeNamespace(other, 150_000).families));
    expect(readA.text()).to.equal(renderText(decodeNamespace(BASE, 50_000).families));
    expect(readB.families).to.deep.equal(decodeNamespace(other, 150_000).families);
    expect(readA.families).to.deep.equal(decodeNamespace(BASE, 50_000).families);
  });

  it('should render as the families render over many reads of changing fields and times', () => {
    const cache = new FieldCache(300);
    const entries: Entries = [['s:t:', 's'], ['s:q:quantile="0.5"', '0'], ['s:q:quantile="0.95"', '0']];
    for (let s = 0; s < 10; s++) {
      entries.push(...cells(`k="${s}"`, { [String(s)]: '1', [String(s + 3)]: String(s) }, s % 3 === 0 ? undefined : String(10 * s)));
      entries.push([`s:s:k="${s}"`, String(s / 2)], [`s:c:k="${s}"`, String(s + 1)]);
    }
    readsOfChangingFields(entries, cache, 11, {
      added: (random) => cells(`k="${random(12)}"`, { [String(random(9) - 4)]: String(random(5)) }, random(2) === 0 ? undefined : String(random(100))),
      badOneIn: 12,
      later: (random) => random(20_000),
    });
  });
});
