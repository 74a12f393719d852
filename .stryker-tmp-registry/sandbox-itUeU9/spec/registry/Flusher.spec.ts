// @ts-nocheck
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

/** A store that loses the reply to the first write of batch `seq` (as a cut connection would) and records the batches of every write. */
class OneLostBatchStore extends MemoryStore {
  /** The sequence numbers of the batches of each write, in order. */
  readonly writes: number[][] = [];
  constructor(private lose: number | undefined) {
    super();
  }
  override write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    this.writes.push(batches.map((b) => b.seq));
    if (batches.length === 1 && batches[0].seq === this.lose) {
      this.lose = undefined;
      return Promise.resolve([new Error('connection reset')]);
    }
    return super.write(namespace, writerId, batches);
  }
}

describe('Flusher', () => {
  it('should send again only the batches after the last one acknowledged when the second of three fails, and deliver each once', async () => {
    const store = new OneLostBatchStore(2);
    const registry = new CollectorRegistry({ store, namespace: 'lost', flushIntervalMs: 0, retryDelayMs: 60_000, onError: () => undefined });
    const c = registry.register(new Counter({ name: 'many_total', description: 'x', allowedLabels: ['i'] }));
    for (let i = 0; i < 5000; i++) c.inc(2, { i });
    expect(await registry.flush()).to.equal(false);
    expect(store.writes).to.deep.equal([[1], [2], [3]]); // batch 3 is refused: it does not follow batch 1
    expect(registry.status().pendingBatches).to.equal(2);
    expect(await registry.flush()).to.equal(true);
    expect(store.writes.slice(3)).to.deep.equal([[2, 3]]);
    expect(registry.status()).to.deep.include({ pendingBatches: 0, bufferedSeries: 0 });
    c.inc(1, { i: 0 });
    expect(await registry.flush()).to.equal(true);
    expect(store.writes.slice(4)).to.deep.equal([[4]]); // nothing acknowledged is sent again
    const totals = [...store.fields('lost')].filter(([f]) => f.startsWith('many_total::'));
    expect(totals).to.have.length(5000);
    expect(totals.reduce((sum, [, v]) => sum + Number(v), 0)).to.equal(10_001);
    await registry.close();
  });


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
