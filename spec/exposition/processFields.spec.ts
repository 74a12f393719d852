import { expect } from 'chai';
import { processFields } from '../../lib/exposition/decode/processFields';

describe('processFields', () => {
  const now = 1_000_000;

  it('should count a writer live only while its deadline is a number after the clock', () => {
    const got = processFields({
      nowMs: now,
      deadlines: ['a', String(now + 1), 'b', String(now), 'c', 'soon', 'd', ''],
      processes: new Map([['a', ['g:S:', '1']], ['b', ['g:S:', '2']], ['c', ['g:S:', '4']], ['d', ['g:S:', '8']]]),
      folded: [],
    });
    expect(got).to.deep.equal({ fields: [['g::', '1']], live: ['a'], skipped: [] });
  });

  it('should take the latest liveLast value, the writer id that sorts first on a tie', () => {
    const got = processFields({
      nowMs: now,
      deadlines: ['z', String(now + 9), 'y', String(now + 9), 'x', String(now + 9)],
      processes: new Map([['z', ['g:R:', '3 500']], ['y', ['g:R:', '2 500']], ['x', ['g:R:', '1 400']]]),
      folded: [],
    });
    expect(got.fields).to.deep.equal([['g::', '2']]);
  });

  it('should skip and report fields that break the rules, and use the rest', () => {
    const got = processFields({
      nowMs: now,
      deadlines: ['w', String(now + 9)],
      processes: new Map([['w', ['nocolon', '1', 'g:Q:', '1', 'g:S:', 'x', 'g:R:', '5', 'g:R:', '5 later', 'ok:S:', '2']]]),
      folded: ['g:S:', '1', 'm:h:', '3'],
    });
    expect(got.fields).to.deep.equal([['m::', '3'], ['ok::', '2']]);
    expect(got.skipped.map((s) => [s.field, s.reason])).to.deep.equal([
      ['g:S:', 'unknown-extension'], // a live-only extension in the folded hash
      ['nocolon', 'invalid-field'],
      ['g:Q:', 'unknown-extension'],
      ['g:S:', 'invalid-value'],
      ['g:R:', 'invalid-value'],
      ['g:R:', 'invalid-value'],
    ]);
  });
});
