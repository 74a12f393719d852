import { expect } from 'chai';
import { ExponentialHistogram } from '../../lib/metrics/ExponentialHistogram';
import { LinearHistogram } from '../../lib/metrics/LinearHistogram';

const linear = (o: object) => new LinearHistogram({ name: 'lin', description: 'x', start: 1, width: 1, count: 3, ...o } as any);
const exponential = (o: object) => new ExponentialHistogram({ name: 'exp', description: 'x', start: 1, factor: 2, count: 3, ...o } as any);

describe('metrics: histograms whose bounds follow a rule', () => {
  describe('LinearHistogram', () => {
    it('should space count bounds width apart from start, negative starts included', () => {
      expect(linear({ start: 10, width: 10, count: 5 }).buckets).to.deep.equal([10, 20, 30, 40, 50]);
      expect(linear({ start: -1, width: 0.5, count: 4 }).buckets).to.deep.equal([-1, -0.5, 0, 0.5]);
      expect(linear({ start: 0.1, width: 0.2, count: 3 }).buckets).to.deep.equal([0.1, 0.3, 0.5]); // not 0.30000000000000004
      expect(linear({ start: 0, width: 1e-9, count: 2 }).buckets).to.deep.equal([0, 1e-9]);
    });

    it('should refuse a start that is not a finite number, naming the histogram and the value', () => {
      for (const [bad, shown] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], ['1', '"1"'], [undefined, 'undefined']]) {
        expect(() => linear({ start: bad }), String(shown)).to.throw(RangeError, `histogram "lin": start must be a finite number, got ${shown}`);
      }
    });

    it('should refuse a width that is not a positive number', () => {
      for (const [bad, shown] of [[0, '0'], [-1, '-1'], [Infinity, 'Infinity'], [NaN, 'NaN'], ['1', '"1"']]) {
        expect(() => linear({ width: bad }), String(shown)).to.throw(RangeError, `histogram "lin": width must be a positive number, got ${shown}`);
      }
    });
  });

  describe('ExponentialHistogram', () => {
    it('should grow count bounds by factor from start', () => {
      expect(exponential({ start: 100, factor: 10, count: 4 }).buckets).to.deep.equal([100, 1000, 10000, 100000]);
      expect(exponential({ start: 0.001, factor: 3, count: 3 }).buckets).to.deep.equal([0.001, 0.003, 0.009]); // not 0.009000000000000001
      expect(exponential({ start: 1, factor: 1.5, count: 1 }).buckets).to.deep.equal([1]);
    });

    it('should refuse a start that is not a positive number', () => {
      for (const [bad, shown] of [[0, '0'], [-1, '-1'], [Infinity, 'Infinity'], [NaN, 'NaN'], ['1', '"1"']]) {
        expect(() => exponential({ start: bad }), String(shown)).to.throw(RangeError, `histogram "exp": start must be a positive number, got ${shown}`);
      }
    });

    it('should refuse a factor that is not greater than 1', () => {
      for (const [bad, shown] of [[1, '1'], [0.5, '0.5'], [0, '0'], [Infinity, 'Infinity'], [NaN, 'NaN'], ['2', '"2"']]) {
        expect(() => exponential({ factor: bad }), String(shown)).to.throw(RangeError, `histogram "exp": factor must be a number greater than 1, got ${shown}`);
      }
      expect(exponential({ factor: 1.0001, count: 2 }).buckets).to.deep.equal([1, 1.0001]);
    });
  });

  describe('count', () => {
    it('should take a whole number from 1 to 10,000', () => {
      expect(linear({ count: 1 }).buckets).to.deep.equal([1]);
      expect(linear({ count: 10_000 }).buckets).to.have.length(10_000);
      expect(exponential({ start: 1, factor: 1.001, count: 10_000 }).buckets).to.have.length(10_000);
    });

    it('should refuse anything else, for both', () => {
      for (const [bad, shown] of [[0, '0'], [-1, '-1'], [1.5, '1.5'], [10_001, '10001'], [NaN, 'NaN'], ['3', '"3"']]) {
        for (const make of [linear, exponential]) {
          expect(() => make({ count: bad }), String(shown)).to.throw(RangeError, `count must be a whole number from 1 to 10000, got ${shown}`);
        }
      }
    });
  });
});
