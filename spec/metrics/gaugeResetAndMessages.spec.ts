import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('metrics: reset of a shared gauge, and the errors of inc and dec', () => {
  it('should delete on reset the value of a \'sum\' gauge that another process wrote', async () => {
    const store = new MemoryStore();
    const mine = new CollectorRegistry({ store, namespace: 'gaugereset', flushIntervalMs: 0 });
    const theirs = new CollectorRegistry({ store, namespace: 'gaugereset', flushIntervalMs: 0 });
    try {
      const g = mine.register(new Gauge({ name: 'level', description: 'x', allowedLabels: ['q'] }));
      theirs.register(new Gauge({ name: 'level', description: 'x', allowedLabels: ['q'] })).set(4, { q: 'b' });
      expect(await theirs.flush()).to.equal(true);
      g.reset();
      expect(await mine.flush()).to.equal(true);
      expect(store.fields('gaugereset').has('level::q="b"')).to.equal(false);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });

  it('should name the value in the errors of inc and dec, bound or not', () => {
    const g = new Gauge({ name: 'level', description: 'x', allowedLabels: ['q'] });
    const c = new Counter({ name: 'jobs_total', description: 'x', allowedLabels: ['q'] });
    const bound = g.labels({ q: 'a' });
    for (const call of [() => g.inc(NaN), () => g.dec(NaN), () => bound.inc(NaN), () => bound.dec(NaN)]) {
      expect(call).to.throw(RangeError, 'gauge "level": value must be a finite number, got NaN');
    }
    expect(() => c.labels({ q: 'a' }).inc(-1)).to.throw(RangeError, 'counter "jobs_total": increment must be a finite number >= 0, got -1');
  });
});
