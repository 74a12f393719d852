import { expect } from 'chai';
import { FieldTooLongError } from '../../lib/errors/FieldTooLongError';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import { Counter } from '../../lib/metrics/Counter';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('metrics: a label set whose fields readers would skip as too long', () => {
  it('should drop its updates, count them as field_too_long and report once per metric, and keep label sets that fit', async () => {
    const store = new MemoryStore();
    const errors: Error[] = [];
    const registry = new CollectorRegistry({ store, namespace: 'long', flushIntervalMs: 0, onError: (e) => errors.push(e) });
    try {
      const hits = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['path', 'method'] }));
      const sizes = registry.register(new Histogram({ name: 'size_bytes', description: 'Sizes', allowedLabels: ['path'], buckets: [1] }));
      const fits = 'a'.repeat(16_000);
      const tooLong = 'b'.repeat(16_400);
      const wide = 'é'.repeat(8_200); // 16,400 bytes of UTF-8 in 8,200 characters
      hits.inc({ path: fits, method: 'GET' });
      hits.inc({ path: tooLong, method: 'GET' });
      hits.inc({ path: tooLong, method: 'GET' });
      hits.inc({ path: wide });
      sizes.observe({ path: tooLong }, 3);
      expect(await registry.flush()).to.equal(true);

      expect(registry.status().droppedUpdates.field_too_long).to.equal(4);
      expect(hits.droppedUpdates).to.equal(3);
      const reported = errors.filter((e) => e instanceof FieldTooLongError) as FieldTooLongError[];
      expect(reported.map((e) => e.metric)).to.deep.equal(['hits_total', 'size_bytes']);
      expect(reported[0]).to.include({ label: 'path', limit: 16_384 });
      expect(reported[0].bytes).to.be.above(16_384);
      expect(reported[0].message).to.match(/^metric "hits_total": a field of this label set would be \d+ bytes long, more than the 16384 that readers read/);

      // what was written, readers read in full: nothing skipped
      const fields = [...store.fields('long')];
      expect(fields.some(([f]) => f.includes('b'.repeat(100)) || f.includes('é'.repeat(100)))).to.equal(false);
      const read = decodeNamespace(fields, Date.now());
      expect(read.skipped).to.deep.equal([]);
      expect(read.families.find((f) => f.name === 'hits_total')!.series).to.have.length(1);
    } finally {
      await registry.close();
    }
  });

  it('should write longer fields for a registry given a larger maxFieldBytes, and refuse a bad one', async () => {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'longer', flushIntervalMs: 0, maxFieldBytes: 40_000 });
    try {
      const hits = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['path'] }));
      hits.inc({ path: 'b'.repeat(30_000) });
      hits.inc({ path: 'c'.repeat(40_000) });
      expect(await registry.flush()).to.equal(true);
      expect(store.fields('longer').get(`hits_total::path="${'b'.repeat(30_000)}"`)).to.equal('1');
      expect(registry.status().droppedUpdates.field_too_long).to.equal(1);
    } finally {
      await registry.close();
    }
    for (const bad of [255, 1.5, '16384', 2 ** 31]) {
      expect(() => new CollectorRegistry({ store, namespace: 'x', maxFieldBytes: bad as number }), String(bad)).to.throw(RangeError, /maxFieldBytes must be a whole number of bytes >= 256/);
    }
  });

  it('should warn once for a metric outside a registry', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const c = new Counter({ name: 'loose_total', description: 'x', allowedLabels: ['v'] });
      c.inc({ v: 'x'.repeat(17_000) });
      c.inc({ v: 'y'.repeat(17_000) });
      expect(c.droppedUpdates).to.equal(2);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.includes('loose_total'))).to.have.length(1);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
