// @ts-nocheck
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_READER_LIMITS, resolveReaderLimits } from '../../lib/exposition/decode/ReaderLimits';
import { isSkipReason, SKIP_REASONS } from '../../lib/exposition/decode/skipReasons';

const FORMAT = readFileSync(join(__dirname, '..', '..', 'docs', 'format.md'), 'utf8');

describe('exposition/decode reason codes and limits', () => {
  it('should have the reason codes of docs/format.md, in the order of its checks', () => {
    const table = FORMAT.slice(FORMAT.indexOf('### The order of the checks'), FORMAT.indexOf('#### Labels grammar'));
    const codes = [...table.matchAll(/^\| (\d+) \| `([a-z-]+)` \|/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(codes).to.deep.equal(SKIP_REASONS.map((code, i) => [i + 1, code]));
    expect(isSkipReason('name-collision')).to.equal(true);
    expect(isSkipReason('the value is not a number')).to.equal(false);
  });

  it('should have the default limits of docs/format.md', () => {
    for (const [name, value] of Object.entries(DEFAULT_READER_LIMITS)) expect(FORMAT, name).to.contain(`| \`${name}\` | ${value} |`);
  });

  it('should take the limits given and refuse one that is not a whole number >= 1, naming it', () => {
    expect(resolveReaderLimits({ maxBucketsPerSeries: 3 })).to.deep.equal({ ...DEFAULT_READER_LIMITS, maxBucketsPerSeries: 3 });
    expect(resolveReaderLimits(undefined)).to.equal(DEFAULT_READER_LIMITS);
    for (const bad of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => resolveReaderLimits({ maxFieldBytes: bad })).to.throw(RangeError, /limits\.maxFieldBytes/);
    }
  });
});
