import { expect } from 'chai';
import * as sinon from 'sinon';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

/** The writer's heartbeat, in process: how long it says the process is alive, when it goes out, and the rewrite when the process was forgotten. */
describe('registry: heartbeat and rejoining', () => {
  const NS = 'beat';
  let store: MemoryStore;
  const registries: CollectorRegistry[] = [];
  function registry(flushIntervalMs = 0): CollectorRegistry {
    const r = new CollectorRegistry({ store, namespace: NS, flushIntervalMs, processLabel: { value: 'p1' }, onError: () => undefined });
    registries.push(r);
    return r;
  }
  /** own lists this process's fields in its process hash, as readers see them. */
  async function own(r: CollectorRegistry): Promise<string[]> {
    const data = await store.readProcesses(NS);
    const flat = data.processes.get(r.writerId) ?? [];
    return flat.filter((_, i) => i % 2 === 0).sort();
  }

  beforeEach(() => {
    store = new MemoryStore();
  });
  afterEach(async () => {
    sinon.restore();
    for (const r of registries.splice(0)) await r.close(100);
  });

  it('should stay alive for three flush intervals plus 5 s, or three seconds plus 5 s without an interval', () => {
    expect(registry(2000).aliveMs).to.equal(11_000);
    expect(registry(0).aliveMs).to.equal(8000);
  });

  it('should send a heartbeat with every flush, naming the namespace, the writer and aliveMs', async () => {
    const beat = sinon.spy(store, 'heartbeat');
    const r = registry(0);
    expect(await r.flush()).to.equal(true);
    expect(beat.args).to.deep.equal([[NS, r.writerId, 8000]]);
  });

  it('should send a heartbeat every second when there is no flush interval', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const beat = sinon.spy(store, 'heartbeat');
    registry(0);
    clock.tick(999);
    expect(beat.callCount).to.equal(0);
    clock.tick(1);
    expect(beat.callCount).to.equal(1);
    clock.tick(2000);
    expect(beat.callCount).to.equal(3);
  });

  it('should write every per-process value again once a heartbeat finds the process forgotten, and only then', async () => {
    const r = registry(0);
    const live = r.register(new Gauge({ name: 'live_jobs', description: 'x', aggregate: 'liveSum' }));
    const top = r.register(new Gauge({ name: 'top_jobs', description: 'x', aggregate: 'max', allowedLabels: ['q'] }));
    const mine = r.register(new Gauge({ name: 'heap_bytes', description: 'x', aggregate: 'perProcess' }));
    const shared = r.register(new Gauge({ name: 'shared_level', description: 'x' }));
    const hits = r.register(new Counter({ name: 'hits_total', description: 'x' }));
    live.set(3);
    top.set(7, { q: 'a' });
    mine.set(100);
    shared.set(9);
    hits.inc(2);
    expect(await r.flush()).to.equal(true); // the first heartbeat of a writer finds it unknown too
    await new Promise((resolve) => setImmediate(resolve));
    expect(await r.flush()).to.equal(true);
    const written = await own(r);
    expect(written).to.have.length(3);
    const write = sinon.spy(store, 'write');
    expect(await r.flush()).to.equal(true); // the heartbeat finds the process alive: nothing to write again
    await new Promise((resolve) => setImmediate(resolve));
    expect(await r.flush()).to.equal(true);
    expect(write.callCount).to.equal(0);

    await store.forget(NS, r.writerId); // as a cleaner does to a process it takes for dead
    expect(await own(r)).to.deep.equal([]);
    expect(await r.flush()).to.equal(true); // its heartbeat finds the process unknown
    await new Promise((resolve) => setImmediate(resolve));
    expect(await r.flush()).to.equal(true);
    expect(await own(r)).to.deep.equal(written);
    const f = store.fields(NS);
    expect([f.get('shared_level::'), f.get('hits_total::')]).to.deep.equal(['9', '2']); // shared values are not written again
  });

  it('should flush as usual with a store whose heartbeat fails, at once or later', async () => {
    for (const fail of [
      () => {
        throw new Error('no heartbeat');
      },
      () => Promise.reject(new Error('no heartbeat')),
    ]) {
      store = new MemoryStore();
      sinon.stub(store, 'heartbeat').callsFake(fail as never);
      const r = registry(0);
      const c = r.register(new Counter({ name: 'hits_total', description: 'x' }));
      c.inc();
      expect(await r.flush()).to.equal(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(store.fields(NS).get('hits_total::')).to.equal('1');
    }
  });
});
