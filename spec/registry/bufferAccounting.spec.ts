import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { FlakyStore } from '../reliability/flakyStore';

describe('registry: buffer accounting', () => {
  let store: FlakyStore;
  const registries: CollectorRegistry[] = [];
  function registry(maxBufferedSeries: number): CollectorRegistry {
    const r = new CollectorRegistry({ store, namespace: 'buffer', flushIntervalMs: 0, maxBufferedSeries, onError: () => undefined });
    registries.push(r);
    return r;
  }
  beforeEach(() => {
    store = new FlakyStore();
  });
  afterEach(async () => {
    store.mode = 'up';
    for (const r of registries.splice(0)) await r.close(100);
  });

  it('should count a series once while it waits in unacknowledged batches and is queued again', async () => {
    const reg = registry(3);
    const c = reg.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['page'] }));
    expect(await reg.flush()).to.equal(true);
    store.mode = 'down';
    c.inc({ page: 'a' });
    c.inc({ page: 'b' });
    expect(await reg.flush()).to.equal(false); // a and b wait in a batch
    c.inc({ page: 'a' }); // queued again: still one series
    c.inc({ page: 'c' }); // a third series
    expect(reg.status().bufferedSeries).to.equal(3);
    c.inc({ page: 'd' }); // a fourth: dropped
    expect(reg.status().droppedUpdates.buffer_limit).to.equal(1);
    store.mode = 'up';
    expect(await reg.flush()).to.equal(true); // the waiting batch, then a and c
    expect(reg.status()).to.deep.include({ bufferedSeries: 0, pendingBatches: 0 });
    expect(store.value('buffer', 'hits_total::page="a"')).to.equal(2);
    expect(store.value('buffer', 'hits_total::page="c"')).to.equal(1);
    expect(store.value('buffer', 'hits_total::page="d"')).to.equal(undefined);
  });

  it('should keep counting a series queued again once the batch that carried it is acknowledged', async () => {
    const reg = registry(2);
    const c = reg.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['page'] }));
    expect(await reg.flush()).to.equal(true);
    store.mode = 'hang';
    c.inc({ page: 'a' });
    const flushing = reg.flush(); // a waits in a batch that hangs
    await new Promise((resolve) => setImmediate(resolve));
    c.inc({ page: 'a' }); // queued again while its batch waits
    expect(reg.status().bufferedSeries).to.equal(1);
    store.mode = 'up';
    store.release();
    expect(await flushing).to.equal(true);
    expect(reg.status().bufferedSeries).to.equal(1); // a is still queued
    c.inc({ page: 'b' });
    c.inc({ page: 'c' }); // beyond the bound of 2
    expect(reg.status()).to.deep.include({ bufferedSeries: 2 });
    expect(reg.status().droppedUpdates.buffer_limit).to.equal(1);
    expect(await reg.flush()).to.equal(true);
    expect(store.value('buffer', 'hits_total::page="a"')).to.equal(2);
  });

  it('should count a metric without labels once when it is registered again while it waits', async () => {
    const reg = registry(10);
    const c = new Counter({ name: 'once_total', description: 'x' });
    reg.register(c); // queued, to be created at its start value
    expect(reg.status().bufferedSeries).to.equal(1);
    reg.unregister(c);
    reg.register(c);
    expect(reg.status().bufferedSeries).to.equal(1);
    expect(await reg.flush()).to.equal(true);
    expect(store.value('buffer', 'once_total::')).to.equal(0);
  });

  it('should report a buffer that fills before anything was ever delivered, once', async () => {
    const errors: Error[] = [];
    const r = new CollectorRegistry({ store, namespace: 'buffer', flushIntervalMs: 0, maxBufferedSeries: 1, onError: (e) => errors.push(e) });
    registries.push(r);
    const c = r.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['page'] }));
    store.mode = 'down';
    c.inc({ page: 'a' });
    c.inc({ page: 'b' });
    c.inc({ page: 'c' });
    expect(errors.map((e) => e.name)).to.deep.equal(['BufferFullError']);
    expect(errors[0].message).to.contain('namespace "buffer": 1 series are waiting for Redis (maxBufferedSeries)');
  });

  describe('label sets seen while the buffer is full', () => {
    /** keptSeries is the number of label sets a metric holds in memory. */
    const keptSeries = (m: object): number => (m as { seriesCount: number }).seriesCount;

    it('should not be kept, whatever their number, for every metric type, and their updates should be dropped and counted', async () => {
      const reg = registry(4);
      const metrics = [
        reg.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['page', 'user'] })),
        reg.register(new Gauge({ name: 'level', description: 'x', allowedLabels: ['page', 'user'] })),
        reg.register(new Histogram({ name: 'took_seconds', description: 'x', allowedLabels: ['page', 'user'], buckets: [1] })),
        reg.register(new Summary({ name: 'size_bytes', description: 'x', allowedLabels: ['page', 'user'] })),
      ] as const;
      const [c, g, h, s] = metrics;
      expect(await reg.flush()).to.equal(true);
      store.mode = 'down';
      c.inc({ page: 'a', user: 'u' });
      g.set(1, { page: 'a', user: 'u' });
      h.observe(0.5, { page: 'a', user: 'u' });
      s.observe(3, { page: 'a', user: 'u' });
      for (let i = 0; i < 1000; i++) {
        c.inc({ page: `p${i}`, user: `u${i}` }); // a new first label: the check comes before the tree grows
        g.set(i, { page: 'a', user: `u${i}` }); // a known first label, a new second one
        h.observe(i, { page: `p${i}` });
        s.observe(i, { user: `u${i}` });
      }
      for (const m of metrics) expect(keptSeries(m), m.name).to.equal(1);
      expect(reg.status().bufferedSeries).to.equal(4);
      expect(reg.status().droppedUpdates.buffer_limit).to.equal(4000);
      store.mode = 'up';
      expect(await reg.flush()).to.equal(true);
      c.inc({ page: 'p1', user: 'u1' }); // room again: a label set dropped before is kept now
      expect(keptSeries(c)).to.equal(2);
      expect(await reg.flush()).to.equal(true);
      expect(store.value('buffer', 'hits_total::page="a",user="u"')).to.equal(1);
      expect(store.value('buffer', 'hits_total::page="p1",user="u1"')).to.equal(1);
      expect(store.value('buffer', 'level::page="a",user="u"')).to.equal(1);
      expect(store.value('buffer', 'level::page="a",user="u1"')).to.equal(undefined);
    });

    it('should still check their labels, and throw for bad ones', async () => {
      const reg = registry(1);
      const c = reg.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['page', 'user'] }));
      store.mode = 'down';
      c.inc({ page: 'a' });
      expect(() => c.inc({ page: 'b', nope: 'x' } as any)).to.throw(TypeError, 'unknown label "nope"');
      expect(() => c.inc({ page: 'b', user: 'u', nope: 'x' } as any)).to.throw(TypeError, 'unknown label "nope"');
      expect(() => c.inc({ page: {} } as any)).to.throw(TypeError, 'label "page"');
      expect(() => c.inc({ user: '\ud800' })).to.throw(TypeError, 'lone surrogate');
      expect(reg.status().droppedUpdates.buffer_limit).to.equal(0);
      expect(keptSeries(c)).to.equal(1);
    });

    it('should give labels() a series whose updates are admitted once the buffer has room', async () => {
      const reg = registry(2);
      const c = reg.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['page'] }));
      store.mode = 'down';
      c.inc({ page: 'a' });
      c.inc({ page: 'c' });
      const b = c.labels({ page: 'b' }); // bound while the buffer is full
      b.inc(); // dropped
      expect(reg.status().droppedUpdates.buffer_limit).to.equal(1);
      store.mode = 'up';
      expect(await reg.flush()).to.equal(true);
      b.inc(2);
      c.inc({ page: 'b' }); // the same label set, kept now: both reach the same field
      expect(await reg.flush()).to.equal(true);
      expect(store.value('buffer', 'hits_total::page="b"')).to.equal(3);
    });
  
    it('should let labels() of every metric type bind a kept series while the buffer is full, admitted once there is room', async () => {
      const reg = registry(1);
      const c = reg.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['page'] }));
      const g = reg.register(new Gauge({ name: 'level', description: 'x', allowedLabels: ['page'] }));
      const h = reg.register(new Histogram({ name: 'took_seconds', description: 'x', allowedLabels: ['page'], buckets: [1] }));
      const s = reg.register(new Summary({ name: 'size_bytes', description: 'x', allowedLabels: ['page'] }));
      store.mode = 'down';
      c.inc({ page: 'full' });
      const bound = { g: g.labels({ page: 'b' }), h: h.labels({ page: 'b' }), s: s.labels({ page: 'b' }) };
      for (const m of [g, h, s]) expect(keptSeries(m), m.name).to.equal(1);
      store.mode = 'up';
      expect(await reg.flush()).to.equal(true);
      bound.g.set(7);
      expect(await reg.flush()).to.equal(true);
      bound.h.observe(0.5);
      expect(await reg.flush()).to.equal(true);
      bound.s.observe(3);
      expect(await reg.flush()).to.equal(true);
      expect(store.value('buffer', 'level::page="b"')).to.equal(7);
      expect(store.value('buffer', 'took_seconds:c:page="b"')).to.equal(1);
      expect(store.value('buffer', 'size_bytes:c:page="b"')).to.equal(1);
    });
  });
});
