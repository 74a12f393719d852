// @ts-nocheck
import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { ExponentialHistogram } from '../../lib/metrics/ExponentialHistogram';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { LinearHistogram } from '../../lib/metrics/LinearHistogram';

describe('metrics: checks at construction', () => {
  it('should refuse metric names that break the Prometheus rules or contain ":"', () => {
    for (const name of ['', '9lives', 'has space', 'has-dash', 'rule:name', 'ünï']) {
      expect(() => new Counter({ name, description: 'x' }), name).to.throw(TypeError, JSON.stringify(name));
    }
    expect(() => new Counter({ name: '_ok_Name_9', description: 'x' })).to.not.throw();
  });

  it('should refuse invalid, reserved and repeated label names, naming the metric', () => {
    expect(() => new Counter({ name: 'm', description: 'x', allowedLabels: ['bad-name'] })).to.throw(
      TypeError,
      'metric "m": "bad-name" is not a valid label name',
    );
    expect(() => new Counter({ name: 'm', description: 'x', allowedLabels: ['__meta'] })).to.throw(TypeError, '"__meta"');
    expect(() => new Histogram({ name: 'h', description: 'x', allowedLabels: ['le'] })).to.throw(
      TypeError,
      'metric "h": label name "le" is reserved',
    );
    expect(() => new Gauge({ name: 'g', description: 'x', allowedLabels: ['quantile'] })).to.throw(TypeError, 'reserved');
    expect(() => new Counter({ name: 'm', description: 'x', allowedLabels: ['a', 'a'] })).to.throw(TypeError, 'declared twice');
  });

  it('should refuse a description that is not a string', () => {
    expect(() => new Counter({ name: 'm', description: 5 as any })).to.throw(TypeError, 'metric "m": description must be a string, got 5');
  });

  it('should refuse buckets that repeat or go down', () => {
    expect(() => new Histogram({ name: 'h', description: 'x', buckets: [1, 1] })).to.throw(RangeError, 'got 1 after 1');
    expect(() => new Histogram({ name: 'h', description: 'x', buckets: [2, 1] })).to.throw(RangeError, 'got 1 after 2');
    expect(() => new Histogram({ name: 'h', description: 'x', buckets: [] })).to.throw(TypeError);
    expect(() => new Histogram({ name: 'h', description: 'x', buckets: [NaN] })).to.throw(RangeError);
  });

  it('should drop an explicit +Inf bound, which is always there', () => {
    expect(new Histogram({ name: 'h', description: 'x', buckets: [1, 2, Infinity] }).buckets).to.deep.equal([1, 2]);
  });

  it('should build linear and exponential buckets without float noise', () => {
    expect(new LinearHistogram({ name: 'l', description: 'x', start: 0.1, width: 0.1, count: 5 }).buckets).to.deep.equal([
      0.1, 0.2, 0.3, 0.4, 0.5,
    ]);
    expect(new ExponentialHistogram({ name: 'e', description: 'x', start: 0.5, factor: 2, count: 4 }).buckets).to.deep.equal([
      0.5, 1, 2, 4,
    ]);
    expect(() => new LinearHistogram({ name: 'l', description: 'x', start: 0, width: 0, count: 3 })).to.throw(RangeError, 'width');
    expect(() => new ExponentialHistogram({ name: 'e', description: 'x', start: 1, factor: 1, count: 3 })).to.throw(RangeError, 'factor');
    expect(() => new ExponentialHistogram({ name: 'e', description: 'x', start: 1, factor: 2, count: 0 })).to.throw(RangeError, 'count');
  });
});

describe('metrics: checks when recording', () => {
  // made for each test, not when the file loads: mutation testing charges the constructor to the tests
  let counter: Counter<'method' | 'code'>;
  beforeEach(() => {
    counter = new Counter({ name: 'requests_total', description: 'x', allowedLabels: ['method', 'code'] });
  });

  it('should throw a RangeError naming the metric and the value for negative or non-finite increments', () => {
    expect(() => counter.inc(-1)).to.throw(RangeError, 'counter "requests_total": increment must be a finite number >= 0, got -1');
    expect(() => counter.inc(NaN)).to.throw(RangeError, 'got NaN');
    expect(() => counter.inc(Infinity)).to.throw(RangeError, 'got Infinity');
    expect(() => counter.inc('5' as any)).to.throw(TypeError, 'got "5"');
  });

  it('should throw a TypeError for unknown labels, naming the label and the allowed ones', () => {
    expect(() => counter.inc({ methd: 'GET' } as any)).to.throw(
      TypeError,
      'metric "requests_total": unknown label "methd" (allowed: "code", "method")',
    );
    const plain = new Counter({ name: 'plain_total', description: 'x' });
    expect(() => plain.inc({ a: '1' } as any)).to.throw(TypeError, 'unknown label "a" (allowed: none)');
  });

  it('should refuse label values that are objects', () => {
    expect(() => counter.inc({ method: { toString: () => 'GET' } as any })).to.throw(
      TypeError,
      'the value of label "method" must be a string, number or boolean, got an object',
    );
  });

  it('should refuse NaN gauge values and non-finite observations', () => {
    const g = new Gauge({ name: 'g', description: 'x' });
    expect(() => g.set(NaN)).to.throw(RangeError, 'gauge "g": value must be a number (±Infinity allowed, NaN not), got NaN');
    expect(() => g.inc(-Infinity)).to.throw(RangeError);
    const h = new Histogram({ name: 'h', description: 'x' });
    expect(() => h.observe(Infinity)).to.throw(RangeError, 'histogram "h": observed value must be a finite number, got Infinity');
    const bound = new Histogram({ name: 'hb', description: 'x', allowedLabels: ['q'] }).labels({ q: 'a' });
    for (const bad of [NaN, Infinity, -Infinity]) expect(() => bound.observe(bad), String(bad)).to.throw(RangeError, `histogram "hb": observed value must be a finite number, got ${bad}`);
    expect(() => bound.observe('1' as any)).to.throw(TypeError, 'histogram "hb"');
    expect(() => bound.observe(-1e300)).not.to.throw();
  });

  it('should reject unknown label names at compile time', () => {
    const typed = new Counter({ name: 'typed_total', description: 'x', allowedLabels: ['method'] });
    //  "route" is not a declared label
    expect(() => typed.inc({ route: '/' })).to.throw(TypeError);
    typed.inc({ method: 'GET' });
    const unlabelled = new Counter({ name: 'unlabelled_total', description: 'x' });
    //  a metric declared without labels takes none
    expect(() => unlabelled.inc({ anything: 1 })).to.throw(TypeError);
    unlabelled.inc({});
  });
});
