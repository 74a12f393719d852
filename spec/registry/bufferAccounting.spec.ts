import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
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
});
