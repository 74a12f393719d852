import { expect } from 'chai';
import * as sinon from 'sinon';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Gauge, GaugeAggregate } from '../../lib/metrics/Gauge';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

/**
 * Every aggregation of a gauge, in process: two registries on one
 * MemoryStore are two processes of one namespace, and the exposition shows
 * the one value a reader gets. spec/processes does the same with real
 * processes and Redis, where no mutant is active.
 */
describe('metrics: gauge aggregations, two writers in one process', () => {
  const NS = 'agg';
  let store: MemoryStore;
  let a: CollectorRegistry;
  let b: CollectorRegistry;
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    store = new MemoryStore();
    a = new CollectorRegistry({ store, namespace: NS, flushIntervalMs: 0, processLabel: { value: 'a' } });
    b = new CollectorRegistry({ store, namespace: NS, flushIntervalMs: 0, processLabel: { value: 'b' } });
  });
  afterEach(async () => {
    clock.restore();
    await a.close(100);
    await b.close(100);
  });

  function gauges(aggregate: GaugeAggregate, startValue?: number): [Gauge<'q'>, Gauge<'q'>] {
    const options = { name: 'level', description: 'Level', aggregate, allowedLabels: ['q'] as const, startValue };
    return [a.register(new Gauge(options)), b.register(new Gauge(options))];
  }
  async function flush(): Promise<void> {
    expect(await a.flush()).to.equal(true);
    expect(await b.flush()).to.equal(true);
  }
  /** samples returns the sample lines of the exposition. */
  async function samples(): Promise<string[]> {
    const text = await new ExpositionClient({ store, namespace: NS }).expose();
    return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  }

  it('sum: inc and dec add up across processes, set replaces the shared value', async () => {
    const [ga, gb] = gauges('sum');
    ga.inc(2, { q: 'x' });
    gb.inc({ q: 'x' });
    gb.dec(4, { q: 'x' });
    await flush();
    expect(await samples()).to.deep.equal(['level{q="x"} -1']);
    ga.set(10, { q: 'x' });
    await flush();
    gb.dec({ q: 'x' });
    await flush();
    expect(await samples()).to.deep.equal(['level{q="x"} 9']);
  });

  it('liveSum: the sum of the live processes\' own values, from startValue; a closed process leaves it', async () => {
    const [ga, gb] = gauges('liveSum', 10);
    ga.inc({ q: 'x' }); // 11
    gb.set(4, { q: 'x' });
    gb.dec(2, { q: 'x' }); // 2
    await flush();
    expect(await samples()).to.deep.equal(['level{q="x"} 13']);
    await b.close(100);
    expect(await samples()).to.deep.equal(['level{q="x"} 11']);
  });

  it('max and min: the largest and smallest value of any process, a closed one\'s kept', async () => {
    const [ga, gb] = gauges('max');
    ga.set(3, { q: 'x' });
    gb.set(7, { q: 'x' });
    gb.dec(1, { q: 'x' }); // 6
    await flush();
    expect(await samples()).to.deep.equal(['level{q="x"} 6']);
    await b.close(100);
    ga.set(5, { q: 'x' });
    await a.flush();
    expect(await samples()).to.deep.equal(['level{q="x"} 6']);
  });

  it('min: the smallest value of any process', async () => {
    const [ga, gb] = gauges('min');
    ga.set(3, { q: 'x' });
    gb.set(-2, { q: 'x' });
    gb.inc(1, { q: 'x' }); // -1
    await flush();
    expect(await samples()).to.deep.equal(['level{q="x"} -1']);
  });

  it('liveMax and liveMin: of the live processes only', async () => {
    for (const [aggregate, expected] of [['liveMax', ['7', '3']], ['liveMin', ['3', '7']]] as const) {
      await a.close(100);
      await b.close(100);
      store = new MemoryStore();
      a = new CollectorRegistry({ store, namespace: NS, flushIntervalMs: 0, processLabel: { value: 'a' } });
      b = new CollectorRegistry({ store, namespace: NS, flushIntervalMs: 0, processLabel: { value: 'b' } });
      const [ga, gb] = gauges(aggregate);
      ga.set(aggregate === 'liveMax' ? 3 : 7, { q: 'x' });
      gb.set(aggregate === 'liveMax' ? 7 : 3, { q: 'x' });
      await flush();
      expect(await samples(), aggregate).to.deep.equal([`level{q="x"} ${expected[0]}`]);
      await b.close(100);
      expect(await samples(), aggregate).to.deep.equal([`level{q="x"} ${expected[1]}`]);
    }
  });

  it('last: the value written most recently, this process\'s own value whole', async () => {
    const [ga, gb] = gauges('last');
    ga.set(3, { q: 'x' });
    await a.flush();
    gb.set(5, { q: 'x' });
    await b.flush();
    expect(await samples()).to.deep.equal(['level{q="x"} 5']);
    ga.inc(1, { q: 'x' }); // a's own value: 4
    await a.flush();
    expect(await samples()).to.deep.equal(['level{q="x"} 4']);
    ga.remove({ q: 'x' });
    await a.flush();
    expect(await samples()).to.deep.equal([]);
  });

  it('liveLast: the value written most recently by a live process', async () => {
    const [ga, gb] = gauges('liveLast');
    ga.set(3, { q: 'x' });
    await a.flush();
    clock.tick(10);
    gb.set(5, { q: 'x' });
    await b.flush();
    expect(await samples()).to.deep.equal(['level{q="x"} 5']);
    await b.close(100);
    expect(await samples()).to.deep.equal(['level{q="x"} 3']);
  });

  it('perProcess: one series per live process, by the process label', async () => {
    const [ga, gb] = gauges('perProcess');
    ga.set(3, { q: 'x' });
    gb.set(5, { q: 'x' });
    gb.inc(2, { q: 'x' });
    await flush();
    expect(await samples()).to.deep.equal(['level{process="a",q="x"} 3', 'level{process="b",q="x"} 7']);
    gb.remove({ q: 'x' });
    await b.flush();
    expect(await samples()).to.deep.equal(['level{process="a",q="x"} 3']);
  });

  it('should remove a series of every per-process aggregation that was never flushed without writing anything else', async () => {
    for (const aggregate of ['liveSum', 'max', 'perProcess'] as const) {
      const g = new Gauge({ name: `fresh_${aggregate}`, description: 'x', aggregate, allowedLabels: ['q'] });
      a.register(g);
      g.set(1, { q: 'y' });
      g.remove({ q: 'y' });
      expect(await a.flush()).to.equal(true);
    }
    expect(await samples()).to.deep.equal([]);
  });
});
