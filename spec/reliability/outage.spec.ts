import { expect } from 'chai';
import * as sinon from 'sinon';
import { AlreadyRegisteredError } from '../../lib/errors/AlreadyRegisteredError';
import { BufferFullError } from '../../lib/errors/BufferFullError';
import { CardinalityLimitError } from '../../lib/errors/CardinalityLimitError';
import { CloseTimeoutError } from '../../lib/errors/CloseTimeoutError';
import { FlushError } from '../../lib/errors/FlushError';
import { FlushTimeoutError } from '../../lib/errors/FlushTimeoutError';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry, CollectorRegistryOptions } from '../../lib/registry/CollectorRegistry';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { promtoolCheck } from '../support/promtool';
import { FlakyStore } from './flakyStore';

describe('reliability: outages of the store', () => {
  const NS = 'outage';
  let store: FlakyStore;
  let errors: Error[];
  const open: CollectorRegistry[] = [];
  const registry = (options: Partial<CollectorRegistryOptions> = {}) => {
    const r = new CollectorRegistry({
      store,
      namespace: NS,
      flushIntervalMs: 0,
      retryDelayMs: 60_000, // retries are driven by hand unless a test says otherwise
      onError: (e) => errors.push(e),
      ...options,
    });
    open.push(r);
    return r;
  };

  beforeEach(() => {
    store = new FlakyStore();
    errors = [];
  });
  afterEach(async () => {
    sinon.restore(); // real timers again, also when a test with fake ones failed: close() waits on them
    store.mode = 'up';
    store.release();
    await Promise.all(open.splice(0).map((r) => r.close(1000)));
  });

  describe('while the store is down', () => {
    it('should keep recording without throwing, merging updates per series, and deliver everything once it is back', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'jobs_total', description: 'x', allowedLabels: ['q'] }));
      const h = reg.register(new Histogram({ name: 'lat_seconds', description: 'x', buckets: [1] }));
      c.inc({ q: 'a' });
      expect(await reg.flush()).to.equal(true);
      store.mode = 'down';
      for (let round = 0; round < 20; round++) {
        for (let i = 0; i < 1000; i++) {
          c.inc({ q: i % 2 === 0 ? 'a' : 'b' });
          h.observe(i % 3);
        }
        expect(await reg.flush()).to.equal(false);
      }
      // 20 failed flushes later, the buffer holds one batch and three series, not 20 batches of updates
      const status = reg.status();
      expect(status.pendingBatches).to.equal(1);
      expect(status.bufferedSeries).to.equal(3);
      expect(status.flushErrors).to.equal(20);
      expect(errors).to.have.length(20);
      expect(errors.every((e) => e instanceof FlushError)).to.equal(true);
      store.mode = 'up';
      expect(await reg.flush()).to.equal(true);
      expect(store.value(NS, 'jobs_total::q="a"')).to.equal(1 + 10_000);
      expect(store.value(NS, 'jobs_total::q="b"')).to.equal(10_000);
      expect(store.value(NS, 'lat_seconds:c:')).to.equal(20_000);
      expect(store.value(NS, 'lat_seconds:b:le="1"')).to.equal(20 * 667); // i % 3 is 0 or 1 for 667 of 1000
      expect(reg.status()).to.deep.include({ pendingBatches: 0, bufferedSeries: 0, retrying: false });
    });

    it('should not apply a batch twice when its reply was lost', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'paid_total', description: 'x' }));
      c.inc(5);
      store.mode = 'loseReply';
      expect(await reg.flush()).to.equal(false);
      expect(store.value(NS, 'paid_total::')).to.equal(5); // applied, but the registry cannot know
      c.inc(2);
      store.mode = 'up';
      expect(await reg.flush()).to.equal(true);
      expect(store.value(NS, 'paid_total::')).to.equal(7);
      expect(store.writes).to.equal(3); // the lost batch resent, then the new one
    });

    it('should retry on its own with growing delays, and skip interval flushes until the retry is due', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
      sinon.stub(Math, 'random').returns(0); // no jitter
      const reg = registry({ retryDelayMs: 100, maxRetryDelayMs: 400, flushIntervalMs: 10 });
      reg.register(new Counter({ name: 'r_total', description: 'x' })).inc();
      store.mode = 'down';
      const settle = async () => {
        for (let i = 0; i < 10; i++) await Promise.resolve();
      };
      await clock.tickAsync(10); // the interval flush fails
      expect(store.writes).to.equal(1);
      expect(reg.status().retrying).to.equal(true);
      await clock.tickAsync(99); // interval ticks are skipped while the retry waits
      expect(store.writes).to.equal(1);
      await clock.tickAsync(1);
      await settle();
      expect(store.writes).to.equal(2); // retry after 100 ms
      await clock.tickAsync(199);
      expect(store.writes).to.equal(2);
      await clock.tickAsync(1);
      await settle();
      expect(store.writes).to.equal(3); // then after 200 ms
      await clock.tickAsync(400);
      await settle();
      expect(store.writes).to.equal(4); // then 400 ms, the maximum
      await clock.tickAsync(400);
      await settle();
      expect(store.writes).to.equal(5);
      store.mode = 'up';
      await clock.tickAsync(400);
      await settle();
      expect(store.writes).to.equal(6);
      expect(reg.status().retrying).to.equal(false);
      expect(store.value(NS, 'r_total::')).to.equal(1);
      clock.restore();
    });

    it('should start again from retryDelayMs for the first failure after an outage ended', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
      sinon.stub(Math, 'random').returns(0); // no jitter
      const reg = registry({ retryDelayMs: 100, maxRetryDelayMs: 400 });
      const c = reg.register(new Counter({ name: 'again_total', description: 'x' }));
      const settle = async () => {
        for (let i = 0; i < 10; i++) await Promise.resolve();
      };
      c.inc();
      store.mode = 'down';
      expect(await reg.flush()).to.equal(false); // write 1; retries after 100, 200, 400 ms
      await clock.tickAsync(100 + 200);
      await settle();
      expect(store.writes).to.equal(3);
      store.mode = 'up';
      await clock.tickAsync(400);
      await settle();
      expect(store.writes).to.equal(4); // the outage ended
      expect(reg.status().retrying).to.equal(false);

      c.inc();
      store.mode = 'down';
      expect(await reg.flush()).to.equal(false); // write 5: the next outage begins
      await clock.tickAsync(99);
      await settle();
      expect(store.writes).to.equal(5);
      await clock.tickAsync(1);
      await settle();
      expect(store.writes).to.equal(6); // retried after retryDelayMs again, not after the longest delay
      store.mode = 'up';
      await clock.tickAsync(200);
      await settle();
      expect(store.value(NS, 'again_total::')).to.equal(2);
    });

    it('should not send a write per update in eager mode while the store is down', async () => {
      const reg = registry({ eager: true });
      const c = reg.register(new Counter({ name: 'eager_total', description: 'x', allowedLabels: ['i'] }));
      store.mode = 'down';
      for (let t = 0; t < 50; t++) {
        c.inc({ i: t });
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(store.writes).to.equal(1); // one failure, then the scheduled retry owns the next attempt
      expect(reg.status()).to.deep.include({ bufferedSeries: 50, retrying: true });
      store.mode = 'up';
      expect(await reg.flush()).to.equal(true);
      expect([...store.memory.fields(NS).keys()].filter((f) => f.startsWith('eager_total::'))).to.have.length(50);
    });

    it('should give up waiting for a write that hangs, send nothing more until it is answered, then deliver exactly once', async () => {
      const reg = registry({ flushTimeoutMs: 50 });
      const c = reg.register(new Counter({ name: 'hang_total', description: 'x' }));
      c.inc(3);
      store.mode = 'hang';
      expect(await reg.flush()).to.equal(false);
      expect(errors[0]).to.be.instanceOf(FlushTimeoutError);
      expect((errors[0] as FlushTimeoutError).stalled).to.equal(false);
      c.inc(4);
      expect(await reg.flush()).to.equal(false);
      expect(errors[1]).to.be.instanceOf(FlushTimeoutError);
      expect((errors[1] as FlushTimeoutError).stalled).to.equal(true);
      expect(store.writes).to.equal(1); // nothing piles up behind the hung write
      store.mode = 'up';
      store.release(); // the hung write is answered late: applied once
      await new Promise((resolve) => setImmediate(resolve));
      expect(await reg.flush()).to.equal(true);
      expect(store.value(NS, 'hang_total::')).to.equal(7);
    });
  });

  describe('maxBufferedSeries', () => {
    it('should drop updates that would add a series beyond the bound, count them, report once, and keep the rest exact', async () => {
      const reg = registry({ maxBufferedSeries: 3 });
      const c = reg.register(new Counter({ name: 'hits_total', description: 'x', allowedLabels: ['page'] }));
      const g = reg.register(new Gauge({ name: 'level', description: 'x', allowedLabels: ['page'], startValue: 10 }));
      expect(await reg.flush()).to.equal(true);
      store.mode = 'down';
      c.inc({ page: 'a' });
      c.inc({ page: 'b' });
      g.inc({ page: 'a' });
      for (let i = 0; i < 5; i++) {
        c.inc({ page: 'c' }); // a fourth series: dropped
        g.inc({ page: 'b' }); // a fifth: dropped
        c.inc({ page: 'a' }); // already waiting: merged
      }
      expect(await reg.flush()).to.equal(false);
      const status = reg.status();
      expect(status.bufferedSeries).to.equal(3);
      expect(status.droppedUpdates).to.deep.equal({ buffer_limit: 10, cardinality_limit: 0, not_a_number: 0, field_too_long: 0 });
      const full = errors.filter((e) => e instanceof BufferFullError) as BufferFullError[];
      expect(full).to.have.length(1);
      expect(full[0].limit).to.equal(3);
      expect(full[0].metric).to.equal('hits_total');
      store.mode = 'up';
      expect(await reg.flush()).to.equal(true);
      g.inc({ page: 'b' }); // a series dropped before still starts from its start value
      c.inc({ page: 'c' });
      expect(await reg.flush()).to.equal(true);
      const fields = store.memory.fields(NS);
      expect(Object.fromEntries([...fields].filter(([f]) => !f.includes(':d:') && !f.includes(':t:')))).to.deep.equal({
        'hits_total::page="a"': '6',
        'hits_total::page="b"': '1',
        'hits_total::page="c"': '1',
        'level::page="a"': '11',
        'level::page="b"': '11',
      });
    });

    it('should refuse a bound that is not a whole number >= 1', () => {
      for (const bad of [0, -1, 1.5, NaN, '10']) {
        expect(() => registry({ maxBufferedSeries: bad as any }), String(bad)).to.throw(RangeError, 'maxBufferedSeries');
      }
    });
  });

  describe('maxSeries (cardinality limit per metric)', () => {
    it('should drop updates to label sets beyond the limit, count them, and report once per metric', async () => {
      const reg = registry();
      const c = reg.register(new Counter({ name: 'by_user_total', description: 'x', allowedLabels: ['user', 'kind'], maxSeries: 2 }));
      c.inc({ user: 'u1' });
      c.inc({ user: 'u2', kind: 'k' });
      for (let i = 3; i <= 10; i++) c.inc({ user: `u${i}` });
      c.labels({ user: 'u99' }).inc(5);
      c.inc(2, { user: 'u1' }); // an existing series still counts
      expect(() => c.inc({ nope: 'x' } as any)).to.throw(TypeError, 'unknown label "nope"'); // still checked past the limit
      expect(() => c.inc({ user: {} as any })).to.throw(TypeError, 'user');
      expect(c.droppedUpdates).to.equal(9);
      expect(reg.status().droppedUpdates.cardinality_limit).to.equal(9);
      const reported = errors.filter((e) => e instanceof CardinalityLimitError) as CardinalityLimitError[];
      expect(reported).to.have.length(1);
      expect(reported[0].metric).to.equal('by_user_total');
      expect(reported[0].limit).to.equal(2);
      expect(reported[0].labels).to.deep.equal({ kind: '', user: 'u3' });
      expect(await reg.flush()).to.equal(true);
      const data = [...store.memory.fields(NS)].filter(([f]) => f.startsWith('by_user_total::'));
      expect(Object.fromEntries(data)).to.deep.equal({
        'by_user_total::user="u1"': '3',
        'by_user_total::kind="k",user="u2"': '1',
      });
    });

    it('should warn once through the process when the metric is not registered', async () => {
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on('warning', onWarning);
      try {
        const c = new Counter({ name: 'loose_total', description: 'x', allowedLabels: ['id'], maxSeries: 1 });
        for (let i = 0; i < 5; i++) c.inc({ id: i });
        await new Promise((resolve) => setImmediate(resolve));
        expect(c.droppedUpdates).to.equal(4);
        const cardinality = warnings.filter((w) => (w as Error & { code?: string }).code === 'INSTRUMENTOR_CARDINALITY');
        expect(cardinality.filter((w) => w.message.includes('loose_total'))).to.have.length(1);
      } finally {
        process.off('warning', onWarning);
      }
    });

    it('should refuse a limit that is not a whole number >= 1', () => {
      for (const bad of [0, 2.5, -3, 'many']) {
        expect(() => new Counter({ name: 'x_total', description: 'x', maxSeries: bad as any }), String(bad)).to.throw(RangeError, 'maxSeries');
      }
    });
  });

  describe('#close', () => {
    it('should keep retrying within its timeout and deliver what is pending', async () => {
      const reg = registry({ retryDelayMs: 10 });
      reg.register(new Counter({ name: 'late_total', description: 'x' })).inc(9);
      store.mode = 'down';
      setTimeout(() => (store.mode = 'up'), 100);
      expect(await reg.close(5000)).to.equal(true);
      expect(store.value(NS, 'late_total::')).to.equal(9);
    });

    it('should give up after its timeout, say what was not delivered, and never reject', async () => {
      const reg = registry({ retryDelayMs: 10 });
      const c = reg.register(new Counter({ name: 'lost_total', description: 'x', allowedLabels: ['i'] }));
      for (let i = 0; i < 4; i++) c.inc({ i });
      store.mode = 'down';
      expect(await reg.close(200)).to.equal(false);
      const closeErrors = errors.filter((e) => e instanceof CloseTimeoutError) as CloseTimeoutError[];
      expect(closeErrors).to.have.length(1);
      expect(closeErrors[0].pendingSeries).to.equal(4);
      expect(closeErrors[0].pendingBatches).to.equal(1);
      expect(closeErrors[0].timeoutMs).to.equal(200);
      expect(await reg.flush()).to.equal(false); // closed: nothing more is sent
      expect(await reg.close(200)).to.equal(false); // the same close, not a second one
      expect(errors.filter((e) => e instanceof CloseTimeoutError)).to.have.length(1);
    });

    it('should give up on a write that hangs when its timeout is over', async () => {
      const reg = registry({ flushTimeoutMs: 10_000 });
      reg.register(new Counter({ name: 'stuck_total', description: 'x' })).inc();
      store.mode = 'hang';
      expect(await reg.close(100)).to.equal(false);
      expect(errors.some((e) => e instanceof CloseTimeoutError)).to.equal(true);
    });
  });

  describe('error reporting', () => {
    it('should emit typed errors to error listeners when there is no onError', async () => {
      const reg = registry({ onError: undefined });
      const seen: Error[] = [];
      reg.on('error', (e) => seen.push(e));
      reg.register(new Counter({ name: 'e_total', description: 'x' })).inc();
      store.mode = 'down';
      expect(await reg.flush()).to.equal(false);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.be.instanceOf(FlushError);
      expect((seen[0] as FlushError).namespace).to.equal(NS);
      expect(((seen[0] as FlushError).cause as Error).message).to.equal('connection refused');
    });

    it('should turn errors into a process warning, not a crash, when nobody listens', async () => {
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on('warning', onWarning);
      try {
        const reg = registry({ onError: undefined });
        reg.register(new Counter({ name: 'w_total', description: 'x' })).inc();
        store.mode = 'down';
        expect(await reg.flush()).to.equal(false);
        expect(await reg.flush()).to.equal(false);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.filter((w) => w.message.includes(`namespace "${NS}"`))).to.have.length(1); // at most one a minute
      } finally {
        process.off('warning', onWarning);
      }
    });

    it('should survive an onError handler that throws', async () => {
      const reg = registry({
        onError: () => {
          throw new Error('handler bug');
        },
      });
      const c = reg.register(new Counter({ name: 't_total', description: 'x' }));
      c.inc();
      store.mode = 'down';
      expect(await reg.flush()).to.equal(false);
      store.mode = 'up';
      expect(await reg.flush()).to.equal(true);
      expect(store.value(NS, 't_total::')).to.equal(1);
    });

    it('should report a store that throws synchronously, and keep the updates', async () => {
      const reg = registry();
      reg.register(new Counter({ name: 'sync_total', description: 'x' })).inc(2);
      const stub = sinon.stub(store, 'write').throws(new Error('boom'));
      expect(await reg.flush()).to.equal(false);
      expect(errors[0]).to.be.instanceOf(FlushError);
      stub.restore();
      expect(await reg.flush()).to.equal(true);
      expect(store.value(NS, 'sync_total::')).to.equal(2);
    });
  });

  describe('selfMetrics', () => {
    it('should write flush duration, flush errors, dropped updates and buffered series into the namespace', async () => {
      const reg = registry({ selfMetrics: true, maxBufferedSeries: 2 });
      const c = reg.register(new Counter({ name: 'app_total', description: 'x', allowedLabels: ['k'] }));
      c.inc({ k: 'a' });
      expect(await reg.flush()).to.equal(true);
      store.mode = 'down';
      c.inc({ k: 'a' });
      c.inc({ k: 'b' });
      c.inc({ k: 'c' }); // dropped: buffer full
      expect(await reg.flush()).to.equal(false);
      expect(await reg.flush()).to.equal(false);
      store.mode = 'up';
      expect(await reg.flush()).to.equal(true); // resends, then sends what was recorded since
      expect(await reg.flush()).to.equal(true); // carries the self-metrics of the flush before
      const f = Object.fromEntries(store.memory.fields(NS));
      expect(f['instrumentor_flush_errors_total:t:']).to.equal('c');
      expect(f['instrumentor_flush_errors_total::']).to.equal('2');
      expect(f['instrumentor_dropped_updates_total::reason="buffer_limit"']).to.equal('1');
      expect(f['instrumentor_flush_duration_seconds:t:']).to.equal('h');
      expect(Number(f['instrumentor_flush_duration_seconds:c:'])).to.equal(5); // one per write: 1 ok, 2 failed, 2 ok
      expect(f['instrumentor_buffered_series:t:']).to.equal('g');
      expect(f['app_total::k="b"']).to.equal('1');
      await reg.close();
      expect(Object.fromEntries(store.memory.fields(NS))['instrumentor_buffered_series::']).to.equal('0'); // a closed process takes its share out
    });

    it('should render self-metrics that promtool accepts', async function () {
      const reg = registry({ selfMetrics: true, maxBufferedSeries: 1 });
      const c = reg.register(new Counter({ name: 'app_total', description: 'x', allowedLabels: ['k'] }));
      store.mode = 'down';
      c.inc({ k: 'a' });
      c.inc({ k: 'b' });
      await reg.flush();
      store.mode = 'up';
      await reg.flush();
      await reg.flush();
      const text = await new ExpositionClient({ store, namespace: NS }).expose();
      expect(text).to.contain('# TYPE instrumentor_flush_duration_seconds histogram\n');
      expect(text).to.contain('instrumentor_flush_errors_total 1\n');
      expect(text).to.contain('instrumentor_dropped_updates_total{reason="buffer_limit"} 1\n');
      const check = promtoolCheck(this, text);
      expect(check.status, check.output).to.equal(0);
    });

    it('should keep their names for themselves', () => {
      const reg = registry({ selfMetrics: true });
      expect(() => reg.register(new Counter({ name: 'instrumentor_flush_errors_total', description: 'x' }))).to.throw(
        AlreadyRegisteredError,
        'instrumentor_flush_errors_total',
      );
      expect(() => registry().register(new Counter({ name: 'instrumentor_flush_errors_total', description: 'x' }))).not.to.throw();
    });

    it('should write nothing of its own by default', async () => {
      const reg = registry();
      reg.register(new Counter({ name: 'plain_total', description: 'x' })).inc();
      store.mode = 'down';
      await reg.flush();
      store.mode = 'up';
      await reg.flush();
      expect([...store.memory.fields(NS).keys()].filter((f) => f.startsWith('instrumentor_'))).to.deep.equal([]);
    });
  });
});
