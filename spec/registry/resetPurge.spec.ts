import { expect } from 'chai';
import { FlushError } from '../../lib/errors/FlushError';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

/** reset(): the next flush deletes every value field of the metric in the namespace, and nothing else. */
describe('registry: the purge of a reset metric', () => {
  const NS = 'purge';
  let store: MemoryStore;
  let errors: Error[];
  const registries: CollectorRegistry[] = [];
  function registry(): CollectorRegistry {
    const r = new CollectorRegistry({ store, namespace: NS, flushIntervalMs: 0, onError: (e) => errors.push(e) });
    registries.push(r);
    return r;
  }
  const fields = (prefix: string) => [...store.fields(NS).keys()].filter((f) => f.startsWith(prefix)).sort();

  beforeEach(() => {
    store = new MemoryStore();
    errors = [];
  });
  afterEach(async () => {
    for (const r of registries.splice(0)) await r.close(100);
  });

  it('should delete the values of a summary that another process wrote, and keep its description, type and settings', async () => {
    const mine = registry().register(new Summary({ name: 'size_bytes', description: 'Size', allowedLabels: ['k'], quantiles: [0.5] }));
    const other = registry();
    const theirs = other.register(new Summary({ name: 'size_bytes', description: 'Size', allowedLabels: ['k'], quantiles: [0.5] }));
    theirs.observe(5, { k: 'b' });
    await other.flush();
    await registries[0].flush();
    const kept = fields('size_bytes:').filter((f) => /^size_bytes:[dtamq]:/.test(f));
    expect(kept.map((f) => f.split(':')[1]).sort()).to.deep.equal(['a', 'd', 'm', 'q', 't']);
    expect(fields('size_bytes:').length).to.be.greaterThan(kept.length); // sum, count and a cell of the other process
    mine.reset();
    expect(await registries[0].flush()).to.equal(true);
    expect(fields('size_bytes:')).to.deep.equal(kept);
    expect(errors).to.deep.equal([]);
  });

  it('should purge once per reset, and only the metric reset', async () => {
    const r = registry();
    const hits = r.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['k'] }));
    const hitsMore = r.register(new Counter({ name: 'hits_total_more', description: 'x' })); // its name starts with the other's
    hits.inc({ k: 'a' });
    hitsMore.inc();
    await r.flush();
    hits.reset();
    await r.flush();
    expect(fields('hits_total::')).to.deep.equal([]);
    expect(store.fields(NS).get('hits_total_more::')).to.equal('1');
    const other = registry();
    other.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['k'] })).inc({ k: 'z' });
    await other.flush();
    await r.flush(); // no second purge without a second reset
    expect(store.fields(NS).get('hits_total::k="z"')).to.equal('1');
  });

  it('should not purge the shared hash for a live or per-process gauge: its values live in the process hashes', async () => {
    const r = registry();
    const live = r.register(new Gauge({ name: 'live_jobs', description: 'x', aggregate: 'liveSum', allowedLabels: ['k'] }));
    live.set(2, { k: 'a' });
    await r.flush();
    const before = store.fields(NS);
    let scanned = 0;
    const scan = store.scan.bind(store);
    store.scan = (ns, count) => {
      scanned++;
      return scan(ns, count);
    };
    live.reset();
    expect(await r.flush()).to.equal(true);
    expect(scanned).to.equal(0);
    expect(store.fields(NS)).to.deep.equal(before);
  });

  it('should report a purge that fails, naming the metric, and flush the rest', async () => {
    const r = registry();
    const hits = r.register(new Counter({ name: 'hits_total', description: 'x' }));
    const other = r.register(new Counter({ name: 'other_total', description: 'x' }));
    await r.flush();
    store.scan = () => {
      throw new Error('scan refused');
    };
    hits.reset();
    other.inc();
    expect(await r.flush()).to.equal(true);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(FlushError);
    expect(errors[0].message).to.contain('could not reset metric "hits_total": scan refused');
    expect(store.fields(NS).get('other_total::')).to.equal('1');
  });
});
