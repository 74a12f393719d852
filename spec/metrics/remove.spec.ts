import { expect } from 'chai';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('Metric#remove and #reset', () => {
  let store: MemoryStore;
  let registry: CollectorRegistry;
  let other: CollectorRegistry;
  beforeEach(() => {
    store = new MemoryStore();
    registry = new CollectorRegistry({ store, namespace: 'rm', flushIntervalMs: 0, processLabel: { value: 'a' } });
    other = new CollectorRegistry({ store, namespace: 'rm', flushIntervalMs: 0, processLabel: { value: 'b' } });
  });
  afterEach(async () => {
    await registry.close();
    await other.close();
  });

  it('should remove one series of every metric type from the namespace with the next flush, and keep the others', async () => {
    const jobs = registry.register(new Counter({ name: 'jobs_total', description: 'Jobs', allowedLabels: ['queue'] }));
    const depth = registry.register(new Gauge({ name: 'depth', description: 'Depth', allowedLabels: ['queue'] }));
    const lat = registry.register(new Histogram({ name: 'lat_seconds', description: 'Lat', allowedLabels: ['queue'], buckets: [1] }));
    const size = registry.register(new Summary({ name: 'size_bytes', description: 'Size', allowedLabels: ['queue'], quantiles: [0.5] }));
    for (const queue of ['mail', 'sms']) {
      jobs.inc({ queue });
      depth.set(3, { queue });
      lat.observe(0.5, { queue });
      size.observe(10, { queue });
    }
    await registry.flush();
    for (const m of [jobs, depth, lat, size]) m.remove({ queue: 'mail' });
    const before = [...store.fields('rm').keys()].filter((f) => f.includes('mail'));
    expect(before.length).to.be.greaterThan(0); // nothing leaves before the flush
    await registry.flush();
    expect([...store.fields('rm').keys()].filter((f) => f.includes('mail'))).to.deep.equal([]);
    expect([...store.fields('rm').keys()].filter((f) => f.includes('sms')).length).to.be.greaterThan(4);
    jobs.inc({ queue: 'mail' }); // recording again starts the series afresh
    await registry.flush();
    expect(await new ExpositionClient({ store, namespace: 'rm' }).expose()).to.contain('jobs_total{queue="mail"} 1\n');
  });

  it('should reset every series of a metric; another process that records into it again starts from its own delta', async () => {
    const mine = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['page'] }));
    const theirs = other.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['page'] }));
    mine.inc(5, { page: 'a' });
    theirs.inc(7, { page: 'b' });
    await registry.flush();
    await other.flush();
    mine.reset();
    await registry.flush();
    expect([...store.fields('rm').keys()].filter((f) => f.startsWith('hits_total::'))).to.deep.equal([]); // this process knew both series
    theirs.inc(2, { page: 'b' });
    await other.flush();
    expect(store.fields('rm').get('hits_total::page="b"')).to.equal('2');
  });

  it('should remove only this process\'s series of a per-process gauge', async () => {
    const mine = registry.register(new Gauge({ name: 'heap_bytes', description: 'Heap', aggregate: 'perProcess' }));
    const theirs = other.register(new Gauge({ name: 'heap_bytes', description: 'Heap', aggregate: 'perProcess' }));
    mine.set(10);
    theirs.set(20);
    await registry.flush();
    await other.flush();
    const client = new ExpositionClient({ store, namespace: 'rm' });
    expect(await client.expose()).to.contain('heap_bytes{process="a"} 10\nheap_bytes{process="b"} 20\n');
    mine.remove();
    await registry.flush();
    expect(await client.expose()).to.equal('# HELP heap_bytes Heap\n# TYPE heap_bytes gauge\nheap_bytes{process="b"} 20\n');
  });

  it('should check the labels of remove as recording does', () => {
    const c = new Counter({ name: 'x_total', description: 'X', allowedLabels: ['a'] });
    expect(() => c.remove({ b: '1' } as never)).to.throw(TypeError, 'unknown label "b"');
  });
});
