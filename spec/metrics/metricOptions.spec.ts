import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';

describe('metrics: the options object', () => {
  it('should be an object, said with what was given', () => {
    for (const [bad, shown] of [[null, 'null'], [undefined, 'undefined'], ['c_total', '"c_total"'], [5, '5']] as const) {
      expect(() => new Counter(bad as any), shown).to.throw(TypeError, `metric options must be an object, got ${shown}`);
    }
  });

  it('should name the metric and the nearest option when an option is unknown', () => {
    expect(() => new Counter({ name: 'c_total', description: 'x', allowedLabel: ['a'] } as any)).to.throw(
      TypeError,
      'metric "c_total": unknown option "allowedLabel" (did you mean "allowedLabels"?)',
    );
    expect(() => new Gauge({ name: 'g', description: 'x', startvalue: 1 } as any)).to.throw(TypeError, 'metric "g": unknown option "startvalue" (did you mean "startValue"?)');
  });

  it('should refuse a maxSeries that is not a whole number >= 1, with the value', () => {
    for (const [bad, shown] of [[0, '0'], [0.5, '0.5'], [-Infinity, '-Infinity'], [NaN, 'NaN'], ['10', '"10"']] as const) {
      expect(() => new Counter({ name: 'c_total', description: 'x', maxSeries: bad as any }), shown).to.throw(
        RangeError,
        `metric "c_total": maxSeries must be a whole number >= 1, got ${shown}`,
      );
    }
    expect(new Counter({ name: 'c_total', description: 'x', maxSeries: 1 }).maxSeries).to.equal(1);
    expect(new Counter({ name: 'c_total', description: 'x' }).maxSeries).to.equal(Infinity);
  });
});
