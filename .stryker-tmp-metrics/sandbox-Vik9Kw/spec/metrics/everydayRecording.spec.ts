// @ts-nocheck
import { expect } from 'chai';
import sinon from 'sinon';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

/** recorded registers `metric` in a registry on a MemoryStore, runs `record`, flushes and returns the fields written. */
async function recorded(metric: Counter<any> | Gauge<any> | Histogram<any> | Summary<any>, record: () => void): Promise<Map<string, string>> {
  const store = new MemoryStore();
  const registry = new CollectorRegistry({ store, namespace: 'everyday', flushIntervalMs: 0 });
  registry.register(metric);
  record();
  expect(await registry.flush()).to.equal(true);
  await registry.close();
  return store.fields('everyday');
}

describe('metrics: prom-client argument order', () => {
  it('counter.inc(labels, value) adds the value, as inc(value, labels) does', async () => {
    const c = new Counter({ name: 'jobs_total', description: 'x', allowedLabels: ['a'] });
    const fields = await recorded(c, () => {
      c.inc({ a: 'x' }, 5);
      c.inc(2, { a: 'x' });
      c.inc({ a: 'x' });
    });
    expect(fields.get('jobs_total::a="x"')).to.equal('8');
  });

  it('counter.inc(labels, -1) still refuses a negative increment, naming the metric', () => {
    const c = new Counter({ name: 'jobs_total', description: 'x', allowedLabels: ['a'] });
    expect(() => c.inc({ a: 'x' }, -1)).to.throw(RangeError, 'counter "jobs_total": increment must be a finite number >= 0, got -1');
  });

  it('gauge.set/inc/dec(labels, value) record the value', async () => {
    const g = new Gauge({ name: 'queued', description: 'x', allowedLabels: ['q'] });
    const fields = await recorded(g, () => {
      g.set({ q: 'a' }, 7);
      g.inc({ q: 'b' }, 3);
      g.dec({ q: 'b' }, 1);
    });
    expect(fields.get('queued::q="a"')).to.equal('7');
    expect(fields.get('queued::q="b"')).to.equal('2');
  });

  it('histogram.observe(labels, value) and summary.observe(labels, value) record the value', async () => {
    const h = new Histogram({ name: 'lat_seconds', description: 'x', allowedLabels: ['r'], buckets: [1] });
    const hf = await recorded(h, () => h.observe({ r: '/' }, 0.5));
    expect(hf.get('lat_seconds:s:r="/"')).to.equal('0.5');
    const s = new Summary({ name: 'rpc_seconds', description: 'x', allowedLabels: ['r'] });
    const sf = await recorded(s, () => s.observe({ r: '/' }, 0.25));
    expect([...sf.entries()].find(([k]) => k === 'rpc_seconds:s:r="/"')?.[1]).to.equal('0.25');
  });
});

describe('metrics: gauge.set(±Infinity)', () => {
  it('writes +Inf and -Inf, and still refuses NaN', async () => {
    const g = new Gauge({ name: 'limit', description: 'x', allowedLabels: ['s'] });
    const fields = await recorded(g, () => {
      g.set(Infinity, { s: 'up' });
      g.set({ s: 'down' }, -Infinity);
    });
    expect(fields.get('limit::s="up"')).to.equal('+Inf');
    expect(fields.get('limit::s="down"')).to.equal('-Inf');
    expect(() => g.set(NaN)).to.throw(RangeError, 'gauge "limit": value must be a number (±Infinity allowed, NaN not), got NaN');
    expect(() => g.set('1' as any)).to.throw(TypeError, 'gauge "limit"');
    expect(() => g.inc(Infinity)).to.throw(RangeError);
  });
});

describe('metrics: recording into a metric no registry holds', () => {
  let warning: sinon.SinonStub;
  beforeEach(() => (warning = sinon.stub(process, 'emitWarning')));
  afterEach(() => sinon.restore());

  it('warns once per metric, naming it', () => {
    const c = new Counter({ name: 'lonely_total', description: 'x', allowedLabels: ['a'] });
    c.inc({ a: '1' });
    c.inc({ a: '2' });
    c.inc({ a: '1' });
    const g = new Gauge({ name: 'lonely_gauge', description: 'x' });
    g.set(1);
    const messages = warning.getCalls().map((c) => String(c.args[0]));
    expect(messages.filter((m) => m.includes('"lonely_total"'))).to.have.length(1);
    expect(messages.filter((m) => m.includes('"lonely_gauge"'))).to.have.length(1);
    expect(messages[0]).to.contain('is not registered in a registry');
    expect(warning.firstCall.args[1]).to.deep.include({ code: 'INSTRUMENTOR_UNREGISTERED' });
  });

  it('does not warn for a registered metric', () => {
    const registry = new CollectorRegistry({ store: new MemoryStore(), namespace: 'everyday', flushIntervalMs: 0 });
    const c = registry.register(new Counter({ name: 'held_total', description: 'x' }));
    c.inc();
    expect(warning.getCalls().filter((c) => String(c.args[0]).includes('held_total'))).to.have.length(0);
  });
});
