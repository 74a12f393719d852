import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import { FieldCache } from '../../lib/exposition/decode/FieldCache';
import { HistogramLayout } from '../../lib/exposition/decode/HistogramLayout';
import type { ReaderLimits } from '../../lib/exposition/decode/ReaderLimits';
import { renderText } from '../../lib/exposition/render/text';
import { change, decoderOf, Entries, expectAlike, readsOfChangingFields } from './layoutReads';

/** layoutOf is the layout the cache keeps for a family. */
function layoutOf(cache: FieldCache, name: string): HistogramLayout {
  const layout = cache.layout(name);
  if (!(layout instanceof HistogramLayout)) throw new Error(`no histogram layout for ${name}`);
  return layout;
}

/** histogram lists the fields of a series of `h` with the labels `labels` (written in order): buckets (bound to value), then sum and count when given. */
function histogram(labels: string, buckets: Record<string, string>, sum?: string, count?: string): Entries {
  const pairs = labels === '' ? [] : labels.split(',');
  const withBound = (le: string) => [...pairs, `le="${le}"`].sort().join(',');
  const out: Entries = Object.entries(buckets).map(([le, v]) => [`h:b:${withBound(le)}`, v]);
  if (sum !== undefined) out.push([`h:s:${labels}`, sum]);
  if (count !== undefined) out.push([`h:c:${labels}`, count]);
  return out;
}

const BASE: Entries = [
  ['h:t:', 'h'],
  ['h:d:', 'Latency'],
  ...histogram('a="1"', { '0.5': '1', '1': '3', '+Inf': '4' }, '2.5', '4'),
  ...histogram('a="2"', { '0.5': '0', '1': '2' }, '1.25', '2'),
  ...histogram('', { '0.5': '5', '1': '5', '+Inf': '6' }, '3'),
  ...histogram('a="3",z="q"', { '2': '1', '1': '1' }),
  ...histogram('m="x"', { '1': '2', '+Inf': '2' }, '1', '2'),
];

/** change returns `entries` with the value of `field` set to `value`. */
describe('exposition/decode HistogramLayout', () => {
  it('should render a histogram family from its layout, read after read, as the families render it', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read');
    expect(layoutOf(cache, 'h').size).to.equal(5);
    const layout = layoutOf(cache, 'h');
    expectAlike(BASE, cache, 'same fields');
    expect(layoutOf(cache, 'h')).to.equal(layout); // the same fields in the same order keep the layout
  });

  it('should render the new value of a bucket, +Inf, sum or count that changed between reads, and only that series anew', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read');
    const reads: Array<[string, Entries]> = [
      ['a bucket', change(BASE, 'h:b:a="1",le="1"', '4')],
      ['a bucket below the one before it', change(BASE, 'h:b:a="1",le="1"', '0')],
      ['+Inf', change(BASE, 'h:b:a="1",le="+Inf"', '9')],
      ['+Inf below the highest bucket', change(BASE, 'h:b:a="1",le="+Inf"', '2')],
      ['the count of a series without +Inf', change(BASE, 'h:c:a="2"', '7')],
      ['the sum', change(BASE, 'h:s:', '-4.5')],
      ['the sum spelled otherwise', change(BASE, 'h:s:', '3.0')],
      ['a bucket spelled otherwise', change(BASE, 'h:b:le="0.5"', '5.0')],
    ];
    for (const [what, entries] of reads) {
      expectAlike(BASE, cache, `before ${what}`);
      const layout = layoutOf(cache, 'h');
      const kept = layout.series!.map((s) => s.texts);
      expectAlike(entries, cache, what);
      expect(layoutOf(cache, 'h'), what).to.equal(layout);
      // the series whose fields kept their values kept their lines (and the texts they came from)
      expect(layout.series!.filter((s, k) => s.texts !== kept[k]).length, what).to.equal(1);
    }
  });

  it('should leave out a series that disappears and add one that appears, in label order', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read');
    const without = BASE.filter(([f]) => !f.includes('a="2"'));
    expectAlike(without, cache, 'a series gone');
    expect(renderText(decoderOf(without, cache).finish(0).families)).not.to.include('a="2"');
    expect(layoutOf(cache, 'h').size).to.equal(4);
    const more = [...BASE, ...histogram('a="0"', { '1': '1' }, '0.5', '1')];
    expectAlike(more, cache, 'a series added');
    expect(layoutOf(cache, 'h').size).to.equal(6);
    expectAlike([...more].reverse(), cache, 'the same fields in another order');
    expectAlike(BASE, cache, 'back to the first fields');
  });

  it('should render a series whose bounds changed with its new buckets', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read');
    const bounds = [...BASE.filter(([f]) => f !== 'h:b:a="1",le="0.5"'), ['h:b:a="1",le="0.25"', '1'] as [string, string]];
    expectAlike(bounds, cache, 'a bound replaced');
    expectAlike([...BASE, ['h:b:a="1",le="5"', '4']], cache, 'a bound added');
    expectAlike(BASE.filter(([f]) => f !== 'h:c:a="2"'), cache, 'a count gone');
    expectAlike(BASE, cache, 'back to the first fields');
  });

  it('should assemble the family, and report the fields skipped, when a value breaks the rules, then use the layout again', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read');
    for (const [field, value] of [
      ['h:b:a="1",le="1"', '1.5'],
      ['h:b:a="1",le="1"', '-1'],
      ['h:b:a="1",le="+Inf"', '+Inf'],
      ['h:c:a="2"', '0.5'],
      ['h:s:a="1"', 'NaN'],
      ['h:s:a="1"', 'not a number'],
    ] as const) {
      const entries = change(BASE, field, value);
      expectAlike(entries, cache, `${field} = ${value}`);
      expect(decoderOf(entries, cache).finish(0).skipped.map((s) => s.field), `${field} = ${value}`).to.deep.equal([field]);
      expectAlike(BASE, cache, `after ${field} = ${value}`);
    }
  });

  it('should assemble families its layout cannot render: fields added into one value, more bounds than the limit, other fields, a name that clashes', () => {
    const cases: Array<[string, Entries, ReaderLimits?]> = [
      ['one bound spelled twice', [...BASE, ['h:b:a="1",le="1.0"', '2']]],
      ['+Inf spelled twice', [...BASE, ['h:b:a="1",le="Inf"', '2']]],
      ['-0 and 0', [...BASE, ['h:b:a="2",le="0"', '1'], ['h:b:a="2",le="-0"', '1']]],
      ['an empty label value', [...BASE, ['h:c:a="2",b=""', '1']]],
      ['a field written otherwise', [...BASE, ['h:b:a="\\"q",le="1"', '1']]],
      ['a bound that is not a number', [...BASE, ['h:b:a="1",le="x"', '1']]],
      ['a bound -Inf', [...BASE, ['h:b:a="1",le="-Inf"', '1']]],
      ['a native bucket', [...BASE, ['h:p:__cell="1",__schema="0",a="1"', '1']]],
      ['a value field', [...BASE, ['h::a="1"', '1']]],
      ['more bounds than the limit', BASE, { maxBucketsPerSeries: 1 }],
      ['a gauge h_count', [...BASE, ['h_count::', '1']]],
      ['a counter h_sum before', [['g_sum:t:', 'c'], ...BASE.map(([f, v]) => [f.replace(/^h/, 'g'), v] as [string, string]), ['g_sum::', '1']]],
      ['a summary', BASE.map(([f, v]) => [f, f === 'h:t:' ? 's' : v] as [string, string])],
      ['no type field', BASE.filter(([f]) => f !== 'h:t:')],
      ['sum and count only, no type field', BASE.filter(([f]) => f !== 'h:t:' && !f.startsWith('h:b:'))],
    ];
    for (const [what, entries, limits] of cases) {
      const cache = new FieldCache();
      for (let round = 0; round < 3; round++) expectAlike(round === 1 ? [...entries].reverse() : entries, cache, `${what}, read ${round + 1}`, 0, limits);
    }
  });

  it('should give overlapping reads through one cache their own values', () => {
    const cache = new FieldCache();
    expectAlike(BASE, cache, 'first read');
    const other = change(change(BASE, 'h:b:a="1",le="1"', '4'), 'h:s:', '7');
    const a = decoderOf(BASE, cache);
    const b = decoderOf(other, cache);
    const readB = b.finishRead(0);
    const readA = a.finishRead(0);
    expect(readB.text()).to.equal(renderText(decodeNamespace(other, 0).families));
    expect(readA.text()).to.equal(renderText(decodeNamespace(BASE, 0).families));
    expect(readB.families).to.deep.equal(decodeNamespace(other, 0).families);
  });

  it('should render as the families render over many reads of changing fields', () => {
    const cache = new FieldCache(200);
    const bounds = ['0.1', '0.5', '1', '2.5', '+Inf'];
    const entries: Entries = [['h:t:', 'h']];
    for (let s = 0; s < 12; s++) entries.push(...histogram(`a="${s}"`, Object.fromEntries(bounds.map((b, i) => [b, String(i * s)])), String(s / 4), String(4 * s)));
    readsOfChangingFields(entries, cache, 7, {
      // a field of the same kind, for a series that may not exist yet
      added: (random) => {
        const [field] = entries[random(entries.length - 1) + 1];
        return [[field.replace(/a="\d+"/, `a="${random(20)}"`), String(random(9))]];
      },
      badOneIn: 10,
    });
  });
});
