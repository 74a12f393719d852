// @ts-nocheck
import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { renderText } from '../../lib/exposition/render/text';
import { NamespaceReader } from '../../lib/server/NamespaceReader';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('server/NamespaceReader text', () => {
  it('should give the text of its last read as renderText gives it, and renderText for any other families', async () => {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'text', flushIntervalMs: 0 });
    const hits = registry.register(new Counter({ name: 'hits_total', description: 'Hits', allowedLabels: ['path'] }));
    const took = registry.register(new Histogram({ name: 'took_seconds', description: 'Took', buckets: [0.1, 1], allowedLabels: ['path'] }));
    for (const path of ['/b', '/a', '/c"q']) {
      hits.inc(2, { path });
      took.observe(0.5, { path });
    }
    expect(await registry.flush()).to.equal(true);
    const reader = new NamespaceReader({ namespace: 'text', store });
    const first = await reader.read();
    expect(reader.text(first)).to.equal(renderText(first));
    expect(reader.text(first)).to.contain('hits_total{path="/a"} 2\n');

    hits.inc({ path: '/a' });
    expect(await registry.flush()).to.equal(true);
    const second = await reader.read();
    expect(reader.text(second)).to.contain('hits_total{path="/a"} 3\n');
    // the families of an earlier read, or a copy, are rendered as they are
    expect(reader.text(first)).to.equal(renderText(first));
    const copy = second.map((f) => ({ ...f, name: 'copied_' + f.name }));
    expect(reader.text(copy)).to.equal(renderText(copy));
    await registry.close();
  });
});
