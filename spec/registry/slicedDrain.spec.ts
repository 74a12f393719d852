import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('CollectorRegistry: a flush drains its series in slices', () => {
  it('should give the event loop turns between slices and deliver every series of every metric exactly once', async () => {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'slices', flushIntervalMs: 0 });
    (registry as unknown as { _sliceMs: number })._sliceMs = 0; // every slice gives the event loop a turn
    try {
      const sizes = [1000, 100, 700, 257];
      const metrics = sizes.map((_, m) => registry.register(new Counter({ name: `c${m}_total`, description: 'x', allowedLabels: ['n'] })));
      metrics.forEach((c, m) => {
        for (let i = 0; i < sizes[m]; i++) c.inc(i + 1, { n: String(i) });
      });
      let turns = 0;
      let flushing = true;
      const tick = () => {
        turns++;
        // an update made between two slices: to a series drained already, or to one not drained yet
        if (turns === 2) {
          metrics[0].inc(5, { n: '0' });
          metrics[3].inc(5, { n: '256' });
        }
        if (flushing) setImmediate(tick);
      };
      setImmediate(tick);
      expect(await registry.flush()).to.equal(true);
      flushing = false;
      // slices of 256 series: 4 + 1 + 3 + 2, a turn after all but the last
      expect(turns).to.be.at.least(9);
      expect(await registry.flush()).to.equal(true);
      const fields = store.fields('slices');
      metrics.forEach((c, m) => {
        for (let i = 0; i < sizes[m]; i++) {
          const extra = (m === 0 && i === 0) || (m === 3 && i === 256) ? 5 : 0;
          expect(fields.get(`c${m}_total::n="${i}"`), `c${m}_total n=${i}`).to.equal(String(i + 1 + extra));
        }
      });
    } finally {
      await registry.close();
    }
  });
});
