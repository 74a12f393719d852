import { expect } from 'chai';
import { CollectError } from '../../lib/errors/CollectError';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('metric collect functions', () => {
  it('should call every metric type\'s collect before each flush, sync or async, with the metric as this and argument', async () => {
    const store = new MemoryStore();
    const errors: Error[] = [];
    const registry = new CollectorRegistry({ store, namespace: 'collect', flushIntervalMs: 0, onError: (e) => errors.push(e) });
    let heap = 100;
    const seen: unknown[] = [];
    registry.register(
      new Gauge({
        name: 'heap_bytes',
        description: 'Heap',
        collect(this: Gauge, g: Gauge) {
          seen.push(this === g);
          g.set(heap);
        },
      }),
    );
    registry.register(new Counter({ name: 'ticks_total', description: 'Ticks', collect: async (c: Counter) => c.inc() }));
    registry.register(new Histogram({ name: 'lag_seconds', description: 'Lag', buckets: [1], collect: (h: Histogram) => h.observe(0.5) }));
    registry.register(new Summary({ name: 'size_bytes', description: 'Size', quantiles: [0.5], collect: (s: Summary) => s.observe(2) }));
    expect(await registry.flush()).to.equal(true);
    heap = 200;
    expect(await registry.flush()).to.equal(true);
    const client = new ExpositionClient({ store, namespace: 'collect' });
    const text = await client.expose();
    expect(text).to.contain('heap_bytes 200\n');
    expect(text).to.contain('ticks_total 2\n');
    expect(text).to.contain('lag_seconds_count 2\n');
    expect(text).to.contain('size_bytes_count 2\n');
    heap = 300;
    expect(await registry.close()).to.equal(true); // close flushes, and collects first
    expect(await client.expose()).to.contain('heap_bytes 300\n');
    expect(seen).to.deep.equal([true, true, true]);
    expect(errors).to.deep.equal([]);
  });

  it('should report a collect that throws, rejects or overruns the flush timeout, and flush the rest without it', async () => {
    const store = new MemoryStore();
    const errors: Error[] = [];
    const registry = new CollectorRegistry({ store, namespace: 'collect-bad', flushIntervalMs: 0, flushTimeoutMs: 50, onError: (e) => errors.push(e) });
    registry.register(new Gauge({ name: 'throws', description: 'T', collect: () => { throw new Error('boom'); } }));
    registry.register(new Gauge({ name: 'rejects', description: 'R', collect: async () => { throw new Error('later boom'); } }));
    let release: () => void = () => undefined;
    const slow = new Gauge({ name: 'slow', description: 'S', collect: (g: Gauge) => new Promise<void>((resolve) => { release = () => { g.set(7); resolve(); }; }) });
    registry.register(slow);
    const ok = registry.register(new Gauge({ name: 'ok', description: 'O', collect: (g: Gauge) => g.set(1) }));
    const started = Date.now();
    expect(await registry.flush()).to.equal(true);
    expect(Date.now() - started).to.be.below(2000);
    expect(errors.map((e) => [e instanceof CollectError, (e as CollectError).metric, e.message])).to.deep.equal([
      [true, 'throws', 'collect of metric "throws" failed: boom; the flush went on without it'],
      [true, 'rejects', 'collect of metric "rejects" failed: later boom; the flush went on without it'],
      [true, 'slow', 'collect of metric "slow" took longer than the flush timeout (50 ms, flushTimeoutMs); the flush went on without it'],
    ]);
    expect(ok.collect).to.be.a('function');
    const client = new ExpositionClient({ store, namespace: 'collect-bad' });
    expect(await client.expose()).to.contain('ok 1\n');
    release(); // the late value goes with a later flush
    await registry.close();
    expect(await client.expose()).to.contain('slow 7\n');
  });

  it('should refuse a collect that is not a function, naming the metric', () => {
    expect(() => new Counter({ name: 'x_total', description: 'X', collect: 5 as never })).to.throw(TypeError, 'metric "x_total": collect must be a function, got 5');
  });
});
