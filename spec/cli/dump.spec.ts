import { expect } from 'chai';
import { dumpNamespace, formatDump } from '../../lib/cli/dump';
import { Histogram } from '../../lib/metrics/Histogram';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('cli/dump', () => {
  it('sorts the buckets of a histogram by their bound as a number, per label set', async () => {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'dump', flushIntervalMs: 0 });
    const h = registry.register(new Histogram({ name: 'wait_seconds', description: 'Wait', allowedLabels: ['q'], buckets: [0.005, 2.5, 10, 120] }));
    h.observe(1, { q: 'b' });
    h.observe(1, { q: 'a' });
    await registry.close();
    const dump = await dumpNamespace(store, 'dump');
    const buckets = dump.families[0].fields.map(([field]) => field).filter((f) => f.startsWith('wait_seconds:b:'));
    expect(buckets).to.deep.equal([
      'wait_seconds:b:le="0.005",q="a"',
      'wait_seconds:b:le="2.5",q="a"',
      'wait_seconds:b:le="10",q="a"',
      'wait_seconds:b:le="120",q="a"',
      'wait_seconds:b:le="+Inf",q="a"',
      'wait_seconds:b:le="0.005",q="b"',
      'wait_seconds:b:le="2.5",q="b"',
      'wait_seconds:b:le="10",q="b"',
      'wait_seconds:b:le="120",q="b"',
      'wait_seconds:b:le="+Inf",q="b"',
    ]);
  });

  it('prints a help text with a line break on one line, escaped', async () => {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'dump', flushIntervalMs: 0 });
    registry.register(new Counter({ name: 'jobs_total', description: 'Jobs\ndone' })).inc();
    await registry.close();
    const text = formatDump(await dumpNamespace(store, 'dump'));
    expect(text).to.contain('jobs_total:d:  "Jobs\\ndone"');
    expect(text.split('\n').filter((l) => l === 'done"' || l === 'done')).to.have.length(0);
  });
});
