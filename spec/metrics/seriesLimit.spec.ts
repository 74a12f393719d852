import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

/** maxSeries counts the label sets a metric keeps: remove and reset give room back, and only what they removed. */
describe('metrics: the series a metric keeps, with remove and reset', () => {
  const NS = 'limit';
  let store: MemoryStore;
  let registry: CollectorRegistry;
  beforeEach(() => {
    store = new MemoryStore();
    registry = new CollectorRegistry({ store, namespace: NS, flushIntervalMs: 0, onError: () => undefined });
  });
  afterEach(async () => {
    await registry.close(100);
  });
  const values = () => Object.fromEntries([...store.fields(NS)].filter(([f]) => f.startsWith('jobs_total::')));

  it('should give room back for each series removed, and keep the series that share labels with it', async () => {
    const c = registry.register(new Counter({ name: 'jobs_total', description: 'x', allowedLabels: ['a', 'b'], maxSeries: 2 }));
    c.inc({ a: '1', b: '1' });
    c.inc({ a: '1', b: '2' });
    c.remove({ a: '1', b: '1' });
    c.inc({ a: '1', b: '2' }); // still kept: no new series
    c.inc({ a: '2', b: '1' }); // the room the removed one left
    c.inc({ a: '3', b: '1' }); // past the limit
    expect(c.droppedUpdates).to.equal(1);
    expect(await registry.flush()).to.equal(true);
    expect(values()).to.deep.equal({ 'jobs_total::a="1",b="2"': '2', 'jobs_total::a="2",b="1"': '1' });
  });

  it('should give all the room back on reset', async () => {
    const c = registry.register(new Counter({ name: 'jobs_total', description: 'x', allowedLabels: ['a'], maxSeries: 2 }));
    c.inc({ a: '1' });
    c.inc({ a: '2' });
    c.reset();
    c.inc({ a: '3' });
    c.inc({ a: '4' });
    expect(c.droppedUpdates).to.equal(0);
    expect(await registry.flush()).to.equal(true);
    expect(values()).to.deep.equal({ 'jobs_total::a="3"': '1', 'jobs_total::a="4"': '1' });
  });

  it('should remove nothing for a label set it does not keep (past maxSeries), and throw nothing', async () => {
    const c = registry.register(new Counter({ name: 'jobs_total', description: 'x', allowedLabels: ['a', 'b'], maxSeries: 1 }));
    c.inc({ a: '1', b: '1' });
    expect(await registry.flush()).to.equal(true);
    expect(() => c.remove({ a: '9', b: '9' })).not.to.throw();
    c.inc({ a: '1', b: '1' });
    expect(await registry.flush()).to.equal(true);
    expect(values()).to.deep.equal({ 'jobs_total::a="1",b="1"': '2' });
  });

  it('should remove a series with a value given as a number or a boolean, as it was recorded', async () => {
    const c = registry.register(new Counter({ name: 'jobs_total', description: 'x', allowedLabels: ['code', 'ok'] }));
    c.inc({ code: 200, ok: true });
    c.inc({ code: 500, ok: false });
    expect(await registry.flush()).to.equal(true);
    c.remove({ code: 200, ok: true });
    expect(await registry.flush()).to.equal(true);
    expect(values()).to.deep.equal({ 'jobs_total::code="500",ok="false"': '1' });
  });
});
