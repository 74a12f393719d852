import { expect } from 'chai';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('registry: the first flush with self-metrics', () => {
  let registry: CollectorRegistry | undefined;
  afterEach(async () => {
    await registry?.close(100);
    registry = undefined;
  });

  it('should describe every self-metric and create the ones without labels at zero, before anything went wrong', async () => {
    const store = new MemoryStore();
    registry = new CollectorRegistry({ store, namespace: 'selfstart', flushIntervalMs: 0, selfMetrics: true });
    expect(await registry.flush()).to.equal(true); // nothing of the application's to write
    const f = Object.fromEntries(store.fields('selfstart'));
    expect([
      f['instrumentor_flush_duration_seconds:t:'],
      f['instrumentor_flush_errors_total:t:'],
      f['instrumentor_dropped_updates_total:t:'],
      f['instrumentor_buffered_series:t:'],
    ]).to.deep.equal(['h', 'c', 'c', 'g']);
    expect(f['instrumentor_dropped_updates_total:d:']).to.equal('Updates dropped instead of written, by reason');
    expect(f['instrumentor_flush_errors_total::']).to.equal('0');
    expect(f['instrumentor_buffered_series::']).to.equal('0');
    expect(f['instrumentor_flush_duration_seconds:c:']).to.equal('0');
    expect(f['instrumentor_flush_duration_seconds:b:le="+Inf"']).to.equal('0');
    expect(Object.keys(f).filter((k) => k.startsWith('instrumentor_dropped_updates_total::'))).to.deep.equal([]); // by reason: none yet
  });
});
