import { expect } from 'chai';
import * as sinon from 'sinon';
import { FieldCache } from '../../lib/exposition/decode/FieldCache';
import { FieldEntry } from '../../lib/exposition/decode/FieldEntry';
import { NamespaceDecoder } from '../../lib/exposition/decode/NamespaceDecoder';
import { decodeFamilies } from '../support/protobuf';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { createMetricsHandler, MetricsHandler } from '../../lib/server/createMetricsHandler';
import { MemoryStore } from '../../lib/store/MemoryStore';

/** The prototype of the split of a canonical value field: its `labels` getter decodes the label pairs (see FieldEntry). */
const splitPrototype = Object.getPrototypeOf(FieldEntry.of('x::a="1"', [], new Map()).split) as object;

describe('server: the series of families kept as lines are built only when an answer renders from them', () => {
  let store: MemoryStore;
  let handler: MetricsHandler;
  let labels: { get: sinon.SinonSpy };

  beforeEach(async () => {
    store = new MemoryStore();
    for (const namespace of ['shop', 'zeta']) {
      const registry = new CollectorRegistry({ store, namespace, flushIntervalMs: 0 });
      const hits = registry.register(new Counter({ name: `${namespace}_hits_total`, description: 'Hits', allowedLabels: ['route'] }));
      const level = registry.register(new Gauge({ name: `${namespace}_level`, description: 'Level', allowedLabels: ['zone'] }));
      for (let i = 0; i < 600; i++) hits.inc({ route: `/r/${i}` }, i + 1);
      level.set({ zone: 'a' }, 3);
      await registry.close();
    }
    handler = createMetricsHandler({ store, namespaces: ['shop', 'zeta'] });
    labels = sinon.spy(splitPrototype as { labels: unknown }, 'labels', ['get']) as unknown as { get: sinon.SinonSpy };
  });

  afterEach(async () => {
    sinon.restore();
    await handler.close();
  });

  it('should answer text and OpenMetrics, merged and of one namespace, without decoding a label pair', async () => {
    const text = await handler.render('text');
    const openMetrics = await handler.render('openmetrics');
    expect(text).to.contain('shop_hits_total{namespace="shop",route="/r/599"} 600\n');
    expect(text).to.contain('zeta_level{namespace="zeta",zone="a"} 3\n');
    expect(openMetrics).to.contain('shop_hits_total{namespace="shop",route="/r/0"} 1\n');
    expect(await handler.render('text', 'zeta')).to.contain('zeta_hits_total{route="/r/1"} 2\n');
    expect(await handler.render('openmetrics', 'zeta')).to.contain('zeta_level{zone="a"} 3\n');
    expect(labels.get.callCount).to.equal(0);
  });

  it('should build them, with the same series as a read that builds them at once, for a protobuf answer', async () => {
    const body = await handler.render('protobuf');
    expect(labels.get.callCount).to.be.greaterThan(0);
    const one = decodeFamilies(await handler.render('protobuf', 'zeta'));
    expect(one.find((f) => f.name === 'zeta_level')!.metric).to.deep.equal([{ label: [{ name: 'zone', value: 'a' }], gauge: { value: 3 } }]);
    const families = decodeFamilies(body);
    const hits = families.find((f) => f.name === 'shop_hits_total')!;
    expect(hits.metric).to.have.length(600);
    expect(hits.metric[0].label).to.deep.equal([{ name: 'namespace', value: 'shop' }, { name: 'route', value: '/r/0' }]);
    expect(hits.metric[0].counter.value).to.equal(1);
  });

  it('should build them for OpenMetrics when a counter is not named _total, and only that family', async () => {
    const registry = new CollectorRegistry({ store, namespace: 'shop', flushIntervalMs: 0 });
    registry.register(new Counter({ name: 'shop_plain', description: 'A counter named without _total', allowedLabels: ['k'] })).inc({ k: 'v' }, 2);
    await registry.close();
    const openMetrics = await handler.render('openmetrics');
    expect(openMetrics).to.contain('shop_plain_total{k="v",namespace="shop"} 2\n');
    expect(labels.get.callCount).to.equal(1);
  });
});

describe('server: a reader\'s families and the read they came from', () => {
  it('should copy the lines of the read the families came from, without building series, after a newer read', async () => {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'shop', flushIntervalMs: 0 });
    const hits = registry.register(new Counter({ name: 'shop_hits_total', description: 'Hits', allowedLabels: ['route'] }));
    hits.inc({ route: '/a' }, 1);
    await registry.flush();
    const handler = createMetricsHandler({ store, namespaces: ['shop'] });
    try {
      const reader = handler.readers.get('shop')!;
      const first = await reader.read();
      hits.inc({ route: '/a' }, 1);
      await registry.flush();
      const second = await reader.read();
      expect(second).to.not.equal(first);
      const labels = sinon.spy(splitPrototype as { labels: unknown }, 'labels', ['get']) as unknown as { get: sinon.SinonSpy };
      expect([...reader.keptLines(first[0])!].join('')).to.equal('shop_hits_total{route="/a"} 1\n');
      expect([...reader.keptLines(second[0])!].join('')).to.equal('shop_hits_total{route="/a"} 2\n');
      expect([...reader.textChunks(first)].join('')).to.contain('shop_hits_total{route="/a"} 1\n');
      expect(labels.get.callCount).to.equal(0);
      // families from elsewhere are rendered from their series
      expect(reader.keptLines({ name: 'x', help: '', type: 'gauge', series: [] })).to.equal(undefined);
    } finally {
      sinon.restore();
      await registry.close();
      await handler.close();
    }
  });
});

describe('decode: DecodedRead.seriesSteps', () => {
  it('should build the series of a family kept as lines a few hundred a step, once, equal to the series a read builds at once', () => {
    const fields: Array<[string, string]> = [['a_total:t:', 'c'], ['a_total:d:', 'A']];
    for (let i = 0; i < 1000; i++) fields.push([`a_total::k="${String(i).padStart(4, '0')}"`, String(i)]);
    const cache = new FieldCache();
    const decoder = new NamespaceDecoder(cache);
    for (const [f, v] of fields) decoder.add(f, v);
    const read = decoder.finishRead(0);
    const eager = new NamespaceDecoder();
    for (const [f, v] of fields) eager.add(f, v);
    const expected = eager.finish(0).families;

    const steps = read.seriesSteps(read.families);
    let yielded = 0;
    while (!steps.next().done) yielded++;
    expect(yielded).to.be.greaterThan(1);
    const series = read.families[0].series;
    expect(series).to.deep.equal(expected[0].series);
    expect(read.families[0].series).to.equal(series); // built once
    expect([...read.seriesSteps(read.families)]).to.have.length(0); // nothing left to build
    expect({ ...read.families[0] }.series).to.equal(series); // a copy by spreading has them too
  });

  it('should build them in one go when they are asked for before any step', () => {
    const decoder = new NamespaceDecoder(new FieldCache());
    decoder.add('g::k="x"', '2');
    const read = decoder.finishRead(0);
    expect(read.families[0].series).to.deep.equal([{ labels: [['k', 'x']], value: 2 }]);
  });
});
