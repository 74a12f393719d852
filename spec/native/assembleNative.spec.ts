import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import type { HistogramSeries } from '../../lib/exposition/families';

function decode(fields: Array<[string, string]>): { series: HistogramSeries[]; skipped: string[] } {
  const decoded = decodeNamespace([['h:t:', 'h'], ...fields], 0);
  return { series: (decoded.families[0]?.series ?? []) as HistogramSeries[], skipped: decoded.skipped.map((s) => s.field).sort() };
}

describe('exposition/decode/assembleNative', () => {
  it('should add the counts of one bucket written by several processes at one schema', () => {
    const { series } = decode([
      ['h:z:__schema="3",__zero_threshold="0"', '2'],
      ['h:p:__cell="5",__schema="3"', '3'],
      ['h:c:', '5'],
    ]);
    expect(series[0].native).to.deep.equal({ schema: 3, zeroThreshold: 0, zeroCount: 2, positive: [[5, 3]], negative: [] });
  });

  it('should bring buckets of every schema to the lowest, negative indexes included', () => {
    const { series } = decode([
      ['h:p:__cell="-5",__schema="8"', '1'], // ceil(-5 / 2^10) = 0 at schema -2
      ['h:p:__cell="-1025",__schema="8"', '1'], // ceil(-1025 / 1024) = -1
      ['h:n:__cell="7",__schema="0"', '2'], // ceil(7 / 4) = 2
      ['h:p:__cell="1",__schema="-2"', '4'],
    ]);
    expect(series[0].native).to.deep.equal({ schema: -2, zeroThreshold: 0, zeroCount: 0, positive: [[-1, 1], [0, 1], [1, 4]], negative: [[2, 2]] });
  });

  it('should take the largest zero threshold, and count in the zero bucket the buckets below it', () => {
    const { series } = decode([
      ['h:z:__schema="0",__zero_threshold="0.001"', '1'],
      ['h:z:__schema="0",__zero_threshold="0.25"', '2'],
      ['h:p:__cell="-3",__schema="0"', '4'], // (1/16, 1/8]: below 0.25
      ['h:p:__cell="-2",__schema="0"', '8'], // (1/8, 1/4]: ends at the threshold, counted in zero too
      ['h:p:__cell="-1",__schema="0"', '16'], // (1/4, 1/2]: kept
      ['h:n:__cell="-5",__schema="0"', '32'],
    ]);
    expect(series[0].native).to.deep.equal({ schema: 0, zeroThreshold: 0.25, zeroCount: 1 + 2 + 4 + 8 + 32, positive: [[-1, 16]], negative: [] });
  });

  it('should leave out buckets with no count, and keep classic and native series apart by their labels', () => {
    const { series } = decode([
      ['h:p:__cell="1",__schema="3",a="x"', '0'],
      ['h:p:__cell="2",__schema="3",a="x"', '1'],
      ['h:b:a="y",le="+Inf"', '1'],
    ]);
    expect(series.map((s) => s.native)).to.deep.equal([
      { schema: 3, zeroThreshold: 0, zeroCount: 0, positive: [[2, 1]], negative: [] },
      undefined,
    ]);
  });

  it('should skip native fields that break the rules, and report each', () => {
    const bad: Array<[string, string]> = [
      ['h:p:__cell="1"', '1'],
      ['h:p:__cell="1",__schema="9"', '1'],
      ['h:p:__cell="1",__schema="+3"', '1'],
      ['h:p:__cell="4194304",__schema="3"', '1'],
      ['h:p:__schema="3"', '1'],
      ['h:z:__cell="1",__schema="3",__zero_threshold="0"', '1'],
      ['h:z:__schema="3"', '1'],
      ['h:z:__schema="3",__zero_threshold="Inf"', '1'],
      ['h:p:__cell="1",__schema="3",__zero_threshold="0"', '1'],
      ['h:p:__cell="1",__schema="3",__until="9"', '1'],
      ['h:p:__cell="1",__schema="3"', '-1'],
      ['h:p:__cell="2",__schema="3"', '0.5'],
    ];
    const { series, skipped } = decode(bad);
    expect(skipped).to.deep.equal(bad.map(([f]) => f).sort());
    expect(series).to.deep.equal([]);
  });
});
