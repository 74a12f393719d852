import { expect } from 'chai';
import { NameCollisionError } from '../../lib';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('CollectorRegistry: names whose samples would collide', () => {
  const registry = () => new CollectorRegistry({ store: new MemoryStore(), namespace: 'names', flushIntervalMs: 0 });

  it('refuses a counter foo_bucket next to a histogram foo, naming both', () => {
    const r = registry();
    const foo = r.register(new Histogram({ name: 'foo', description: 'x' }));
    const bucket = new Counter({ name: 'foo_bucket', description: 'x' });
    let error: unknown;
    try {
      r.register(bucket);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(NameCollisionError);
    expect((error as NameCollisionError).existing).to.equal(foo);
    expect((error as NameCollisionError).message).to.equal(
      'counter "foo_bucket" cannot be registered next to histogram "foo": both would expose samples named "foo_bucket"; rename one of them',
    );
    expect(r.getMetric('foo_bucket')).to.equal(undefined);
  });

  it('refuses _sum and _count next to a histogram or a summary, in either order', () => {
    for (const [first, second] of [
      [new Histogram({ name: 'h', description: 'x' }), new Gauge({ name: 'h_sum', description: 'x' })],
      [new Gauge({ name: 'h_count', description: 'x' }), new Histogram({ name: 'h', description: 'x' })],
      [new Summary({ name: 's', description: 'x' }), new Counter({ name: 's_count', description: 'x' })],
      [new Counter({ name: 's_sum', description: 'x' }), new Summary({ name: 's', description: 'x' })],
    ]) {
      const r = registry();
      r.register(first);
      expect(() => r.register(second), `${first.name} then ${second.name}`).to.throw(NameCollisionError);
    }
  });

  it('refuses a counter foo next to a gauge foo_total (OpenMetrics writes the counter as foo_total), and a counter foo next to a counter foo_total', () => {
    const r = registry();
    r.register(new Gauge({ name: 'foo_total', description: 'x' }));
    expect(() => r.register(new Counter({ name: 'foo', description: 'x' }))).to.throw(NameCollisionError, 'foo_total');
    const r2 = registry();
    r2.register(new Counter({ name: 'bar_total', description: 'x' }));
    expect(() => r2.register(new Counter({ name: 'bar', description: 'x' }))).to.throw(NameCollisionError);
  });

  it('frees the names of a metric that is unregistered, and accepts names that only look alike', () => {
    const r = registry();
    const h = r.register(new Histogram({ name: 'foo', description: 'x' }));
    r.unregister(h);
    expect(() => r.register(new Counter({ name: 'foo_bucket', description: 'x' }))).not.to.throw();
    expect(() => r.register(new Gauge({ name: 'foo_buckets', description: 'x' }))).not.to.throw();
    expect(() => r.register(new Counter({ name: 'jobs_total', description: 'x' }))).not.to.throw();
  });
});
