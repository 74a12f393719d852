import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('CollectorRegistry processLabel and gauge aggregations', () => {
  it('should refuse any metric that declares the process label, naming the metric and the label', async () => {
    const registry = new CollectorRegistry({ store: new MemoryStore(), namespace: 'pl', flushIntervalMs: 0, processLabel: { name: 'worker' } });
    try {
      expect(() => registry.register(new Gauge({ name: 'g', description: 'G', aggregate: 'perProcess', allowedLabels: ['worker'] }))).to.throw(
        TypeError,
        'metric "g": the label "worker" is the process label of this registry (processLabel), so no metric may declare it',
      );
      expect(() => registry.register(new Gauge({ name: 'h', description: 'H', aggregate: 'liveSum', allowedLabels: ['worker'] }))).to.throw(TypeError, 'metric "h": the label "worker"');
      expect(() => registry.register(new Counter({ name: 'c_total', description: 'C', allowedLabels: ['shard', 'worker'] }))).to.throw(TypeError, 'metric "c_total": the label "worker"');
      expect(() => registry.register(new Gauge({ name: 'k', description: 'K', aggregate: 'perProcess', allowedLabels: ['process'] }))).not.to.throw();
      expect(registry.processLabel[0]).to.equal('worker');
      expect(registry.aliveMs).to.equal(3 * 1000 + 5000);
    } finally {
      await registry.close();
    }
  });

  it('should refuse an unusable process label or aggregation, naming it', () => {
    for (const name of ['le', '__x', '1a', 'a-b']) {
      expect(() => new CollectorRegistry({ store: new MemoryStore(), namespace: 'pl', processLabel: { name } }), name).to.throw(TypeError, 'processLabel.name');
    }
    expect(() => new CollectorRegistry({ store: new MemoryStore(), namespace: 'pl', processLabel: { value: '' } })).to.throw(TypeError, 'processLabel.value');
    expect(() => new Gauge({ name: 'g', description: 'G', aggregate: 'average' as never })).to.throw(TypeError, 'gauge "g": aggregate must be one of sum, liveSum');
  });
});
