import { expect } from 'chai';
import * as sinon from 'sinon';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import type { BatchResult, WriteBatch } from '../../lib/store/Store';

/** A store whose every write takes `ms` milliseconds of (fake) time, and fails while `failing` is set. */
class SlowStore extends MemoryStore {
  failing = false;
  constructor(private readonly ms: number) {
    super();
  }
  override async write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    if (this.failing) throw new Error('connection refused');
    return super.write(namespace, writerId, batches);
  }
}

describe('registry: self-metrics', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
  });
  afterEach(() => clock.restore());

  /** flushed flushes, letting the fake time run until the flush is done. */
  async function flushed(registry: CollectorRegistry): Promise<boolean> {
    const flushing = registry.flush();
    await clock.tickAsync(1000);
    return flushing;
  }

  it('should time each write in seconds, into the buckets of its duration', async () => {
    const store = new SlowStore(200);
    const registry = new CollectorRegistry({ store, namespace: 'self', flushIntervalMs: 0, retryDelayMs: 60_000, selfMetrics: true, onError: () => undefined });
    registry.register(new Counter({ name: 'app_total', description: 'x' })).inc();
    expect(await flushed(registry)).to.equal(true); // 0.2 s
    store.failing = true;
    expect(await flushed(registry)).to.equal(false); // 0.2 s, failed: timed too
    store.failing = false;
    // resends the failed batch (0.2 s), then sends the self-metrics of the three writes so far
    expect(await flushed(registry)).to.equal(true);
    const f = Object.fromEntries(store.fields('self'));
    expect(f['instrumentor_flush_duration_seconds:b:le="0.1"']).to.equal('0');
    expect(f['instrumentor_flush_duration_seconds:b:le="0.25"']).to.equal('3');
    expect(Number(f['instrumentor_flush_duration_seconds:s:'])).to.be.closeTo(0.6, 1e-9);
    expect(f['instrumentor_flush_duration_seconds:c:']).to.equal('3');
    expect(f['instrumentor_flush_errors_total::']).to.equal('1');
    expect(f['instrumentor_flush_errors_total:d:']).to.equal('Writes of a flush that Redis did not fully acknowledge (they are retried)');
    const closing = registry.close(1000);
    await clock.tickAsync(1000);
    expect(await closing).to.equal(true);
  });

  it('should write the buffered series of each flush as this process\'s share of a gauge, and take it out on close', async () => {
    const store = new SlowStore(0);
    const registry = new CollectorRegistry({ store, namespace: 'self', flushIntervalMs: 0, selfMetrics: true, onError: () => undefined });
    const c = registry.register(new Counter({ name: 'app_total', description: 'x', allowedLabels: ['k'] }));
    const gauge = () => Object.fromEntries(store.fields('self'))['instrumentor_buffered_series::'];
    c.inc({ k: 'a' });
    c.inc({ k: 'b' });
    c.inc({ k: 'c' });
    expect(await flushed(registry)).to.equal(true);
    expect(gauge()).to.equal('3'); // app_total's three series, written with the drain that sent them
    c.inc({ k: 'a' });
    expect(await flushed(registry)).to.equal(true);
    expect(gauge()).to.equal('1');
    expect(await flushed(registry)).to.equal(true);
    expect(gauge()).to.equal('0');
    c.inc({ k: 'b' });
    c.inc({ k: 'c' });
    const closing = registry.close(1000);
    await clock.tickAsync(1000);
    expect(await closing).to.equal(true);
    expect(gauge()).to.equal('0'); // a closed process takes its share out
  });

  it('should write their descriptions with the first flush and again after a minute, not in between', async () => {
    const store = new SlowStore(0);
    const registry = new CollectorRegistry({ store, namespace: 'self', flushIntervalMs: 0, selfMetrics: true, onError: () => undefined });
    const described = () => store.fields('self').has('instrumentor_flush_errors_total:d:');
    registry.register(new Counter({ name: 'app_total', description: 'x' })).inc();
    expect(await flushed(registry)).to.equal(true);
    expect(described()).to.equal(true);
    await store.deleteFields('self', ['instrumentor_flush_errors_total:d:']); // a Redis that lost it
    expect(await flushed(registry)).to.equal(true);
    expect(described(), 'not written again within the minute').to.equal(false);
    await clock.tickAsync(60_000);
    expect(await flushed(registry)).to.equal(true);
    expect(described(), 'written again after a minute').to.equal(true);
    const closing = registry.close(1000);
    await clock.tickAsync(1000);
    expect(await closing).to.equal(true);
  });

  it('should record into the self-metrics without warning that they are not registered', async () => {
    const warn = sinon.stub(process, 'emitWarning');
    const store = new SlowStore(0);
    store.failing = true;
    const registry = new CollectorRegistry({ store, namespace: 'self', flushIntervalMs: 0, retryDelayMs: 60_000, selfMetrics: true, onError: () => undefined });
    registry.register(new Counter({ name: 'app_total', description: 'x' })).inc();
    expect(await flushed(registry)).to.equal(false); // a failed write: duration and error recorded
    store.failing = false;
    expect(await flushed(registry)).to.equal(true);
    expect(warn.args.filter((a) => JSON.stringify(a).includes('INSTRUMENTOR_UNREGISTERED'))).to.deep.equal([]);
    warn.restore();
    const closing = registry.close(1000);
    await clock.tickAsync(1000);
    expect(await closing).to.equal(true);
  });
});
