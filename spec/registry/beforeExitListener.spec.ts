import { expect } from 'chai';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('registry: the one beforeExit listener', () => {
  it('should add one listener for any number of open registries, and remove it once the last one is closed', async () => {
    const start = process.listenerCount('beforeExit');
    const store = new MemoryStore();
    const registries = [1, 2, 3].map(() => new CollectorRegistry({ store, namespace: 'exitlistener', flushIntervalMs: 0 }));
    try {
      expect(process.listenerCount('beforeExit') - start).to.be.oneOf([0, 1]); // 0 when another registry of this run is open
      const during = process.listenerCount('beforeExit');
      await registries[0].close();
      await registries[1].close();
      expect(process.listenerCount('beforeExit'), 'registries left open keep it').to.equal(during);
    } finally {
      for (const r of registries) await r.close();
    }
    expect(process.listenerCount('beforeExit')).to.equal(start);
  });
});
