import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('metrics: remove() of a label set this process does not keep', () => {
  it('should delete what other processes wrote, counting no dropped update even at maxSeries or with a full buffer', async () => {
    const store = new MemoryStore();
    const other = new CollectorRegistry({ store, namespace: 'rm', flushIntervalMs: 0 });
    const errors: Error[] = [];
    const mine = new CollectorRegistry({ store, namespace: 'rm', flushIntervalMs: 0, maxBufferedSeries: 1, onError: (e) => errors.push(e) });
    try {
      const theirs = other.register(new Counter({ name: 'jobs_total', description: 'Jobs', allowedLabels: ['queue'] }));
      for (const queue of ['a', 'b', 'c']) theirs.inc(1, { queue });
      expect(await other.flush()).to.equal(true);

      const jobs = mine.register(new Counter({ name: 'jobs_total', description: 'Jobs', allowedLabels: ['queue'], maxSeries: 1 }));
      jobs.inc(5, { queue: 'a' }); // at maxSeries and at the buffer's limit from here on
      jobs.remove({ queue: 'b' });
      jobs.remove({ queue: 'c' });
      expect(await mine.flush()).to.equal(true);
      const fields = store.fields('rm');
      expect(fields.get('jobs_total::queue="a"')).to.equal('6');
      expect(fields.has('jobs_total::queue="b"')).to.equal(false);
      expect(fields.has('jobs_total::queue="c"')).to.equal(false);
      expect(errors.map(String)).to.deep.equal([]);
      expect(mine.status().droppedUpdates).to.deep.equal({ buffer_limit: 0, cardinality_limit: 0, not_a_number: 0, field_too_long: 0 });
      // the label set can be recorded into afterwards, within the limits again
      jobs.remove({ queue: 'a' });
      jobs.inc(2, { queue: 'b' });
      expect(await mine.flush()).to.equal(true);
      expect(store.fields('rm').get('jobs_total::queue="b"')).to.equal('2');
      expect(store.fields('rm').has('jobs_total::queue="a"')).to.equal(false);
    } finally {
      await mine.close();
      await other.close();
    }
  });

  it('should still refuse labels the metric does not allow', () => {
    const jobs = new Counter({ name: 'jobs_total', description: 'Jobs', allowedLabels: ['queue'] });
    expect(() => jobs.remove({ queue: 'a', host: 'x' } as never)).to.throw(TypeError, /unknown label "host"/);
  });
});
