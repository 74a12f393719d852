import { expect } from 'chai';
import * as sinon from 'sinon';
import { FieldEntry, pairAfter, uniformLabelNames } from '../../lib/exposition/decode/FieldEntry';
import { NamespaceReader } from '../../lib/server/NamespaceReader';
import type { MetricFamily } from '../../lib/exposition/families';
import { renderOpenMetrics } from '../../lib/exposition/render/openmetrics';
import { renderText } from '../../lib/exposition/render/text';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { createMetricsHandler, MetricsHandler } from '../../lib/server/createMetricsHandler';
import { mergeNamespaces } from '../../lib/server/mergeNamespaces';
import { MemoryStore } from '../../lib/store/MemoryStore';

/** The lines of a text answer without the server's own metrics, which change from scrape to scrape. */
function namespaceLines(text: string): string[] {
  return text.split('\n').filter((l) => !l.includes('instrumentor_'));
}

let writes = 0;

/** setField writes a field as a writer would, whatever its text (a set record: docs/format.md, codec/ops). */
async function setField(store: MemoryStore, namespace: string, field: string, value: string): Promise<void> {
  const [result] = await store.write(namespace, `raw-${++writes}`, [{ seq: 1, ops: `s${field}\n${value}\n` }]);
  expect(result).to.not.be.instanceOf(Error);
}

/** expected renders what the handler's readers read, merged by the merge that copies every series (it never uses kept lines). */
async function expected(handler: MetricsHandler, namespaces: readonly string[], render: (families: MetricFamily[]) => string = renderText): Promise<string[]> {
  const inputs: Array<{ namespace: string; families: MetricFamily[] }> = [];
  for (const namespace of namespaces) inputs.push({ namespace, families: await handler.readers.get(namespace)!.read() });
  return namespaceLines(render(mergeNamespaces(inputs).families));
}

describe('server: merged families rendered from the lines each reader kept', () => {
  // values a reader keeps lines for (escaped ones make it assemble the family, which textChunks renders)
  const VALUES = ['/a', 'x=y,z', 'a b', 'é😀', 'z', '{}'];
  const ESCAPED = ['a"quote', 'back\\slash', 'new\nline'];
  let store: MemoryStore;
  let handler: MetricsHandler;
  let registries: CollectorRegistry[];
  let hits: Array<Counter<'method' | 'route' | 'zone'>>;

  beforeEach(async () => {
    store = new MemoryStore();
    registries = [];
    hits = [];
    for (const namespace of ['shop', 'zeta']) {
      const registry = new CollectorRegistry({ store, namespace, flushIntervalMs: 0 });
      registries.push(registry);
      // label names before and after `namespace`, and none
      const hit = registry.register(new Counter({ name: `${namespace}_hits_total`, description: 'Hits "quoted"\nand \\ more', allowedLabels: ['method', 'route', 'zone'] }));
      hits.push(hit);
      const early = registry.register(new Counter({ name: `${namespace}_early_total`, description: 'Labels before namespace', allowedLabels: ['a', 'b'] }));
      const late = registry.register(new Counter({ name: `${namespace}_late_total`, description: 'Labels after namespace', allowedLabels: ['zone'] }));
      const level = registry.register(new Gauge({ name: `${namespace}_level`, description: 'A gauge', allowedLabels: ['zone'] }));
      const bare = registry.register(new Counter({ name: `${namespace}_bare_total`, description: 'No labels' }));
      // in both namespaces: copied and sorted, not shared
      const both = registry.register(new Counter({ name: 'both_total', description: 'In both', allowedLabels: ['route'] }));
      const took = registry.register(new Histogram({ name: `${namespace}_took_seconds`, description: 'Took', buckets: [0.1, 1], allowedLabels: ['route'] }));
      VALUES.forEach((v, i) => {
        hit.inc(i + 1, { method: 'GET', route: v, zone: VALUES[(i + 1) % VALUES.length] });
        hit.inc(0.5, { method: v, route: '/x', zone: 'z' });
        early.inc(i + 0.25, { a: v, b: 'b' });
        late.inc(i * 1e21, { zone: v });
        level.set(-i - 0.5, { zone: v });
        both.inc({ route: v });
        took.observe(i / 4, { route: v });
      });
      bare.inc(3);
      // kept as lines, but not all with the same label names: the merge checks its series itself
      const mixed = registry.register(new Counter({ name: `${namespace}_mixed_total`, description: 'Mixed label names', allowedLabels: ['a', 'zone'] }));
      mixed.inc({ a: '1' });
      mixed.inc({ zone: '1' });
      mixed.inc({ a: '2', zone: '2' });
      // values that escape: the reader assembles the family instead of keeping its lines, and textChunks renders it
      const escaped = registry.register(new Counter({ name: `${namespace}_escaped_total`, description: 'Escaped values', allowedLabels: ['route'] }));
      for (const v of ESCAPED) escaped.inc({ route: v });
      expect(await registry.flush()).to.equal(true);
    }
    // value texts a reader writes differently from how they are stored
    await setField(store, 'shop', 'shop_odd_total:t:', 'c');
    await setField(store, 'shop', 'shop_odd_total::route="/one"', '1.50');
    await setField(store, 'shop', 'shop_odd_total::route="/two"', '2e3');
    // a counter whose name does not end in _total: its OpenMetrics samples are not its text lines
    await setField(store, 'zeta', 'zeta_plain:t:', 'c');
    await setField(store, 'zeta', 'zeta_plain::route="/a"', '7');
    handler = createMetricsHandler({ store, namespaces: ['shop', 'zeta'] });
  });

  afterEach(async () => {
    sinon.restore();
    await handler?.close();
    for (const r of registries) await r.close();
  });

  it('should render merged text byte for byte as renderText renders the copying merge, from the kept lines', async () => {
    const labelled = sinon.spy(FieldEntry.prototype, 'labelledLine');
    const vouched = sinon.spy(NamespaceReader.prototype, 'sortedLabelNames');
    const text = await handler.render('text');
    // the merge took the label names of the families kept as lines from their readers, and checked the mixed one itself
    const names = new Map(vouched.getCalls().map((c) => [c.args[0].name, c.returnValue]));
    expect(names.get('shop_hits_total')).to.deep.equal(['method', 'route', 'zone']);
    expect(names.get('zeta_late_total')).to.deep.equal(['zone']);
    expect(names.get('zeta_bare_total')).to.deep.equal([]);
    expect(names.get('shop_mixed_total')).to.equal(undefined);
    expect(names.get('shop_escaped_total')).to.equal(undefined);
    expect(text).to.contain('shop_mixed_total{a="1",namespace="shop"} 1\nshop_mixed_total{a="2",namespace="shop",zone="2"} 1\nshop_mixed_total{namespace="shop",zone="1"} 1\n');
    // the shared families went through the kept lines: hits, early, late, level and bare in each namespace, odd and plain
    expect(labelled.callCount).to.equal(2 * (2 * VALUES.length + 3 * VALUES.length + 1) + 2 + 1); // not the mixed family: copied
    expect(namespaceLines(text)).to.deep.equal(await expected(handler, ['shop', 'zeta']));
    expect(text).to.contain('shop_hits_total{method="GET",namespace="shop",route="x=y,z",zone="a b"} 2\n');
    expect(text).to.contain('zeta_early_total{a="é😀",b="b",namespace="zeta"} 3.25\n');
    expect(text).to.contain('zeta_escaped_total{namespace="zeta",route="back\\\\slash"} 1\n');
    expect(text).to.contain('zeta_late_total{namespace="zeta",zone="z"} 4e+21\n');
    expect(text).to.contain('zeta_level{namespace="zeta",zone="z"} -4.5\n');
    expect(text).to.contain('shop_bare_total{namespace="shop"} 3\n');
    expect(text).to.contain('shop_odd_total{namespace="shop",route="/one"} 1.5\nshop_odd_total{namespace="shop",route="/two"} 2000\n');
  });

  it('should render merged OpenMetrics byte for byte as renderOpenMetrics renders the copying merge, from the kept lines where they are its samples', async () => {
    const labelled = sinon.spy(FieldEntry.prototype, 'labelledLine');
    const text = await handler.render('openmetrics');
    expect(namespaceLines(text)).to.deep.equal(await expected(handler, ['shop', 'zeta'], renderOpenMetrics));
    expect(text.endsWith('# EOF\n')).to.equal(true);
    expect(text.match(/# EOF/g)).to.have.length(1);
    expect(text).to.contain('# TYPE zeta_plain counter\nzeta_plain_total{namespace="zeta",route="/a"} 7\n');
    expect(text).to.contain('# HELP zeta_early Labels before namespace\n# TYPE zeta_early counter\nzeta_early_total{a="/a",b="b",namespace="zeta"} 0.25\n');
    const fields = new Set(labelled.getCalls().map((c) => c.thisValue.field.slice(0, c.thisValue.field.indexOf(':'))));
    expect([...fields].sort()).to.deep.equal(
      ['bare_total', 'early_total', 'hits_total', 'late_total', 'level'].flatMap((f) => [`shop_${f}`, `zeta_${f}`]).concat('shop_odd_total').sort(),
    );
  });

  it('should render each scrape as read when values change, and change back', async () => {
    const series = { method: 'GET', route: '/a', zone: VALUES[1] };
    const line = (n: number) => `shop_hits_total{method="GET",namespace="shop",route="/a",zone="x=y,z"} ${n}\n`;
    expect(await handler.render('text')).to.contain(line(1));
    hits[0].inc(10, series);
    expect(await registries[0].flush()).to.equal(true);
    const changed = await handler.render('text');
    expect(namespaceLines(changed)).to.deep.equal(await expected(handler, ['shop', 'zeta']));
    expect(changed).to.contain(line(11));
    await setField(store, 'shop', 'shop_hits_total::method="GET",route="/a",zone="x=y,z"', '1');
    expect(await handler.render('text')).to.contain(line(1));
  });

  it('should render the families of one namespace, a label named like the namespace label, and openmetrics as before', async () => {
    await setField(store, 'zeta', 'zeta_clash_total:t:', 'c');
    await setField(store, 'zeta', 'zeta_clash_total::namespace="inner"', '4');
    const text = await handler.render('text');
    expect(namespaceLines(text)).to.deep.equal(await expected(handler, ['shop', 'zeta']));
    expect(text).to.contain('zeta_clash_total{exported_namespace="inner",namespace="zeta"} 4\n');
    const one = await handler.render('text', 'zeta');
    expect(one).to.equal(renderText(await handler.readers.get('zeta')!.read()));
    // one namespace in OpenMetrics: the kept lines as they are
    const labelled = sinon.spy(FieldEntry.prototype, 'labelledLine');
    const kept = sinon.spy(NamespaceReader.prototype, 'keptLines');
    const oneOpenMetrics = await handler.render('openmetrics', 'zeta');
    expect(oneOpenMetrics).to.equal(renderOpenMetrics(await handler.readers.get('zeta')!.read()));
    expect(oneOpenMetrics).to.contain('zeta_late_total{zone="z"} 4e+21\n');
    expect(kept.getCalls().filter((c) => c.returnValue !== undefined).map((c) => c.args[0].name)).to.include.members(['zeta_hits_total', 'zeta_level', 'zeta_clash_total']);
    expect(labelled.callCount).to.equal(0);
    expect(await handler.render('openmetrics')).to.contain('shop_bare_total{namespace="shop"} 3\n');
  });
});

describe('server: uniformLabelNames', () => {
  const entries = (...fields: string[]) => fields.map((f) => FieldEntry.of(f, [], new Map()));
  it('should give the label names all fields share, in order, and nothing when two differ', () => {
    expect(uniformLabelNames(entries('x::a="1",b="2"', 'x::a="3",b="4"'))).to.deep.equal(['a', 'b']);
    expect(uniformLabelNames(entries('x::', 'x::'))).to.deep.equal([]);
    expect(uniformLabelNames(entries('x::a="1",b="2"', 'x::a="1"'))).to.equal(undefined);
    expect(uniformLabelNames(entries('x::a="1"', 'x::a="1",b="2"'))).to.equal(undefined);
    expect(uniformLabelNames(entries('x::a="1",b="2"', 'x::a="1,b=",c="2"'))).to.equal(undefined);
    expect(uniformLabelNames(entries('x::ab="1"', 'x::a="1"'))).to.equal(undefined);
    expect(uniformLabelNames(entries('x::a="1"', 'x::'))).to.equal(undefined);
    expect(uniformLabelNames([])).to.equal(undefined);
  });
});

describe('server: pairAfter', () => {
  it('should find the first pair whose name sorts after a label name, past values that hold commas, equals signs and escaped quotes', () => {
    expect(pairAfter('', 'namespace')).to.equal(-1);
    expect(pairAfter('a="1"', 'namespace')).to.equal(-1);
    expect(pairAfter('zone="1"', 'namespace')).to.equal(0);
    expect(pairAfter('a="x\\",zone=\\"y",method="m",zone="z"', 'namespace')).to.equal('a="x\\",zone=\\"y",method="m",'.length);
    expect(pairAfter('a="x\\\\",zone="z"', 'namespace')).to.equal('a="x\\\\",'.length);
    expect(pairAfter('a="x=y,zone=\\"",b="b"', 'az')).to.equal('a="x=y,zone=\\"",'.length);
  });
});
