import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { FlakyStore } from '../reliability/flakyStore';

/**
 * An update dropped because the registry's buffer is full (to a series that
 * is kept, through `labels()`) is thrown away alone: the series queued before
 * it keep their updates, and the dropped series still counts as never
 * written, so that its first delivered flush creates it in full.
 */
describe('metrics: an update dropped while the buffer is full', () => {
  let store: FlakyStore;
  let registry: CollectorRegistry;
  let filler: Counter<'page'>;

  beforeEach(() => {
    store = new FlakyStore();
    registry = new CollectorRegistry({ store, namespace: 'dropped', flushIntervalMs: 0, maxBufferedSeries: 2, onError: () => undefined });
    filler = registry.register(new Counter({ name: 'filler_total', description: 'x', allowedLabels: ['page'] }));
  });
  afterEach(async () => {
    store.mode = 'up';
    await registry.close(100);
  });

  it('should keep the updates queued before it in the same metric', async () => {
    const level = registry.register(new Gauge({ name: 'level', description: 'x', allowedLabels: ['page'] }));
    expect(await registry.flush()).to.equal(true);
    store.mode = 'down';
    const bound = level.labels({ page: 'b' });
    level.inc(4, { page: 'a' }); // queued: the buffer holds 1 series
    filler.inc({ page: 'x' }); // queued: the buffer is full
    bound.inc(9); // dropped
    expect(registry.status().droppedUpdates.buffer_limit).to.equal(1);
    store.mode = 'up';
    expect(await registry.flush()).to.equal(true);
    expect(store.value('dropped', 'level::page="a"')).to.equal(4);
    expect(store.value('dropped', 'level::page="b"')).to.equal(undefined);
    expect(store.value('dropped', 'filler_total::page="x"')).to.equal(1);
  });

  it('should leave a gauge series to be created at its start value by its first delivered update', async () => {
    const level = registry.register(new Gauge({ name: 'level', description: 'x', allowedLabels: ['page'], startValue: 5 }));
    expect(await registry.flush()).to.equal(true);
    store.mode = 'down';
    filler.inc({ page: 'x' });
    filler.inc({ page: 'y' }); // the buffer is full
    const bound = level.labels({ page: 'b' });
    bound.inc(100); // dropped
    expect(registry.status().droppedUpdates.buffer_limit).to.equal(1);
    store.mode = 'up';
    expect(await registry.flush()).to.equal(true);
    bound.inc(2);
    expect(await registry.flush()).to.equal(true);
    expect(store.value('dropped', 'level::page="b"')).to.equal(7); // created at 5, then + 2
  });

  it('should leave a counter and a histogram series to be written whole by their first delivered update', async () => {
    const hits = registry.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['page'] }));
    const took = registry.register(new Histogram({ name: 'took_seconds', description: 'x', allowedLabels: ['page'], buckets: [1, 2] }));
    expect(await registry.flush()).to.equal(true);
    store.mode = 'down';
    filler.inc({ page: 'x' });
    filler.inc({ page: 'y' });
    const boundHits = hits.labels({ page: 'b' });
    const boundTook = took.labels({ page: 'b' });
    boundHits.inc(3); // dropped
    boundTook.observe(5); // dropped
    expect(registry.status().droppedUpdates.buffer_limit).to.equal(2);
    store.mode = 'up';
    expect(await registry.flush()).to.equal(true);
    boundTook.observe(1.5);
    boundHits.inc(1);
    expect(await registry.flush()).to.equal(true);
    const f = store.memory.fields('dropped');
    expect(f.get('hits_total::page="b"')).to.equal('1');
    expect(
      ['le="1"', 'le="2"', 'le="+Inf"'].map((le) => f.get(`took_seconds:b:${le},page="b"`)),
      'every bucket of the new series, the empty one too',
    ).to.deep.equal(['0', '1', '1']);
    expect([f.get('took_seconds:s:page="b"'), f.get('took_seconds:c:page="b"')]).to.deep.equal(['1.5', '1']);
  });
});
