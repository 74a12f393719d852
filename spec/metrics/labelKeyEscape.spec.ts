import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { encodeLabels } from '../../lib/codec/labels';

/**
 * A series of a metric with several labels is found by its label values
 * joined by U+0000, with U+0000 and U+0001 in a value escaped: values that
 * hold those characters must stay distinct series and be written as given.
 */
describe('metrics: label values that hold the characters a series key uses', () => {
  it('should keep label sets apart that would join to one key unescaped, and write each value as given', async () => {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'keys', flushIntervalMs: 0 });
    try {
      const c = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['a', 'b'] }));
      const sets = [
        { a: 'x\u0000', b: 'y' },
        { a: 'x', b: '\u0000y' },
        { a: 'p\u0000', b: 'q' },
        { a: 'p\u0001\u0002', b: 'q' },
        { a: 'p\u0001', b: '\u0003q' },
        { a: 'p\u0001\u0003', b: 'q' },
        { a: 'plain', b: 'q' },
      ];
      sets.forEach((labels, i) => c.inc(i + 1, labels));
      expect(await registry.flush()).to.equal(true);
      const fields = store.fields('keys');
      sets.forEach((labels, i) => {
        const field = `hits_total::a="${labels.a}",b="${labels.b}"`;
        expect(fields.get(field), JSON.stringify(field)).to.equal(String(i + 1));
      });
      expect([...fields.keys()].filter((f) => f.startsWith('hits_total::'))).to.have.length(sets.length);
      // a label set given again finds its series
      c.inc(10, { a: 'p\u0001\u0002', b: 'q' });
      expect(await registry.flush()).to.equal(true);
      expect(store.fields('keys').get('hits_total::a="p\u0001\u0002",b="q"')).to.equal('14');
    } finally {
      await registry.close();
    }
  });

  it('should build the labels part of each field as encodeLabels does, whatever the values hold', async () => {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'keys-text', flushIntervalMs: 0 });
    try {
      const c = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['a', 'b', 'c'] }));
      const pieces = ['', 'x', '\\', '"', '\n', '\u0000', '\u0001', '\u0002', 'é', '😀', ','];
      let seed = 7;
      const pick = () => pieces[(seed = (seed * 1103515245 + 12345) % 2147483648) % pieces.length];
      const sets: Array<Record<'a' | 'b' | 'c', string>> = [];
      for (let i = 0; i < 400; i++) sets.push({ a: pick() + pick(), b: pick(), c: pick() + pick() + pick() });
      for (const labels of sets) c.inc(labels);
      expect(await registry.flush()).to.equal(true);
      const expected = new Map<string, number>();
      for (const labels of sets) {
        const field = `hits_total::${encodeLabels(Object.entries(labels))}`;
        expected.set(field, (expected.get(field) ?? 0) + 1);
      }
      const written = [...store.fields('keys-text')].filter(([f]) => f.startsWith('hits_total::'));
      expect(new Map(written.map(([f, v]) => [f, Number(v)]))).to.deep.equal(expected);
    } finally {
      await registry.close();
    }
  });
});

