import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import type { BatchResult, WriteBatch } from '../../lib/store/Store';

/** A store that throws at once (not through its promise) on its first `throws` writes. */
class ThrowingStore extends MemoryStore {
  constructor(private throws: number) {
    super();
  }
  override write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    if (this.throws-- > 0) throw new Error('store broke at once');
    return super.write(namespace, writerId, batches);
  }
}

describe('Flusher', () => {
  it('should keep exact totals when a store throws instead of rejecting, in the middle of a flush', async () => {
    const store = new ThrowingStore(1);
    const errors: Error[] = [];
    const registry = new CollectorRegistry({ store, namespace: 'throwing', flushIntervalMs: 0, retryDelayMs: 1, onError: (e) => errors.push(e) });
    const c = registry.register(new Counter({ name: 'many_total', description: 'x', allowedLabels: ['i'] }));
    for (let i = 0; i < 5000; i++) c.inc(2, { i }); // three batches: the first write throws
    expect(await registry.flush()).to.equal(false);
    expect(errors.map((e) => e.message)).to.deep.equal(['flush to namespace "throwing" failed: store broke at once']);
    expect(await registry.flush()).to.equal(true);
    const fields = store.fields('throwing');
    let total = 0;
    for (const [f, v] of fields) if (f.startsWith('many_total::')) total += Number(v);
    expect(total).to.equal(10_000);
    await registry.close();
  });
});
