// @ts-nocheck
import { expect } from 'chai';
import * as sinon from 'sinon';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { flushOnExit } from '../../lib/registry/shutdown';
import { FlakyStore } from '../reliability/flakyStore';

/**
 * flushOnExit in this process: signals are emitted as events (no signal is
 * sent) and `process.kill`, the edge where the process would end, is a stub.
 * spec/reliability/shutdown.spec.ts sends real signals to real processes.
 */
describe('registry/flushOnExit (in process)', () => {
  // a signal whose default action is to do nothing: raised for real by mistake, it would not end the run
  const SIGNAL = 'SIGWINCH';
  let store: FlakyStore;
  let kill: sinon.SinonStub;
  const registries: CollectorRegistry[] = [];
  const removers: Array<() => void> = [];

  function registry(): CollectorRegistry {
    const r = new CollectorRegistry({ store, namespace: 'exit', flushIntervalMs: 0, retryDelayMs: 5, onError: () => undefined });
    registries.push(r);
    return r;
  }
  function install(...args: Parameters<typeof flushOnExit>): () => void {
    const remove = flushOnExit(...args);
    removers.push(remove);
    return remove;
  }
  /** settled waits until `check` holds, a few turns of the event loop at most. */
  async function settled(check: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(check()).to.equal(true);
  }

  beforeEach(() => {
    store = new FlakyStore();
    kill = sinon.stub(process, 'kill');
  });
  afterEach(async () => {
    store.mode = 'up';
    store.release();
    for (const r of registries.splice(0)) await r.close(50);
    await new Promise((resolve) => setTimeout(resolve, 10)); // handlers still closing finish while kill is a stub
    for (const remove of removers.splice(0)) remove();
    kill.restore();
  });

  describe('arguments', () => {
    it('should refuse what is not a registry, naming what it needs', () => {
      for (const bad of [null, undefined, {}, { close() {} }, { status() {} }, [registryLike(), {}]]) {
        expect(() => flushOnExit(bad as any), JSON.stringify(bad)).to.throw(TypeError, 'flushOnExit needs a CollectorRegistry or an array of them');
      }
      expect(process.listenerCount('beforeExit')).to.equal(before.beforeExit); // nothing was installed
    });

    it('should refuse a timeout that is not a number of milliseconds >= 0, and take 0', () => {
      const r = registry();
      for (const bad of [-1, NaN, '5', -Infinity]) {
        expect(() => flushOnExit(r, { timeoutMs: bad as any }), String(bad)).to.throw(RangeError, `timeoutMs must be a number of milliseconds >= 0, got ${String(bad)}`);
      }
      expect(() => install(r, { timeoutMs: 0, signals: [] })).not.to.throw();
    });

    const before = { beforeExit: 0 };
    beforeEach(() => {
      before.beforeExit = process.listenerCount('beforeExit');
    });
  });

  describe('handlers', () => {
    it('should listen to SIGTERM and SIGINT by default (not to beforeExit: every registry delivers then by itself), and the function it returns should remove them', () => {
      const counts = () => ['SIGTERM', 'SIGINT', 'beforeExit', SIGNAL].map((e) => process.listenerCount(e));
      const registries = [registry(), registry()];
      const start = counts();
      const remove = install(registries);
      expect(counts()).to.deep.equal([start[0] + 1, start[1] + 1, start[2], start[3]]);
      remove();
      expect(counts()).to.deep.equal(start);
    });

    it('should listen only to the signals given', () => {
      const start = [process.listenerCount('SIGTERM'), process.listenerCount(SIGNAL)];
      install(registry(), { signals: [SIGNAL] });
      expect([process.listenerCount('SIGTERM'), process.listenerCount(SIGNAL)]).to.deep.equal([start[0], start[1] + 1]);
    });
  });

  describe('on a signal', () => {
    it('should close every registry with the timeout, then remove its handlers and raise the signal again', async () => {
      const a = registry();
      const b = registry();
      const hits = a.register(new Counter({ name: 'hits_total', description: 'x' }));
      hits.inc(3);
      const closes = [sinon.spy(a, 'close'), sinon.spy(b, 'close')];
      store.mode = 'hang'; // the close waits for Redis
      const listeners = process.listenerCount(SIGNAL);
      install([a, b], { signals: [SIGNAL], timeoutMs: 2000 });
      process.emit(SIGNAL, SIGNAL);
      expect(closes.map((c) => c.args)).to.deep.equal([[[2000]], [[2000]]]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(kill.called, 'the signal is raised only once the registries are closed').to.equal(false);
      store.mode = 'up';
      store.release();
      await settled(() => kill.called);
      expect(kill.args).to.deep.equal([[process.pid, SIGNAL]]);
      expect(process.listenerCount(SIGNAL)).to.equal(listeners);
      expect(process.listenerCount('beforeExit')).to.equal(startBeforeExit);
      expect(store.value('exit', 'hits_total::')).to.equal(3);
    });

    it('should raise the signal after the timeout when Redis does not answer', async () => {
      const r = registry();
      r.register(new Counter({ name: 'hits_total', description: 'x' })).inc();
      store.mode = 'down';
      install(r, { signals: [SIGNAL], timeoutMs: 30 });
      process.emit(SIGNAL, SIGNAL);
      await settled(() => kill.called);
      expect(kill.args).to.deep.equal([[process.pid, SIGNAL]]);
    });

    it('should leave ending the process to the application when it listens to the signal too', async () => {
      const own = () => undefined;
      process.on(SIGNAL, own);
      try {
        const r = registry();
        const close = sinon.spy(r, 'close');
        install(r, { signals: [SIGNAL] });
        process.emit(SIGNAL, SIGNAL);
        await settled(() => process.listenerCount(SIGNAL) === 1); // its own handler removed
        await close.returnValues[0];
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(close.callCount).to.equal(1);
        expect(kill.called).to.equal(false);
      } finally {
        process.off(SIGNAL, own);
      }
    });

    it('should stop waiting for Redis on a second signal: remove its handlers and raise it at once', async () => {
      const r = registry();
      r.register(new Counter({ name: 'hits_total', description: 'x' })).inc();
      store.mode = 'hang';
      const close = sinon.spy(r, 'close');
      const listeners = process.listenerCount(SIGNAL);
      install(r, { signals: [SIGNAL], timeoutMs: 60_000 });
      process.emit(SIGNAL, SIGNAL);
      expect(kill.called).to.equal(false);
      process.emit(SIGNAL, SIGNAL);
      expect(kill.args).to.deep.equal([[process.pid, SIGNAL]]);
      expect(close.callCount, 'closed once').to.equal(1);
      expect(process.listenerCount(SIGNAL)).to.equal(listeners);
    });

    it('should not raise the signal on a second one when the application listens to it', () => {
      const own = () => undefined;
      process.on(SIGNAL, own);
      try {
        const r = registry();
        r.register(new Counter({ name: 'hits_total', description: 'x' })).inc();
        store.mode = 'hang';
        install(r, { signals: [SIGNAL], timeoutMs: 60_000 });
        process.emit(SIGNAL, SIGNAL);
        process.emit(SIGNAL, SIGNAL);
        expect(kill.called).to.equal(false);
        expect(process.listenerCount(SIGNAL)).to.equal(1);
      } finally {
        process.off(SIGNAL, own);
      }
    });
  });

  describe('on beforeExit (every registry not closed, with or without flushOnExit)', () => {
    it('should flush the registries with pending updates, and only those', async () => {
      const idle = registry();
      const busy = registry();
      const hits = busy.register(new Counter({ name: 'hits_total', description: 'x' }));
      expect(await busy.flush()).to.equal(true);
      expect(await idle.flush()).to.equal(true);
      hits.inc(2);
      const flushes = [sinon.spy(idle, 'flush'), sinon.spy(busy, 'flush')];
      process.emit('beforeExit', 0);
      expect(flushes.map((f) => f.callCount)).to.deep.equal([0, 1]);
      await flushes[1].returnValues[0];
      expect(store.value('exit', 'hits_total::')).to.equal(2);
    });

    it('should flush a registry whose batches wait for Redis, though no series is buffered', async () => {
      const r = registry();
      r.register(new Counter({ name: 'hits_total', description: 'x' })).inc();
      store.mode = 'down';
      expect(await r.flush()).to.equal(false);
      expect(r.status()).to.deep.include({ bufferedSeries: 1, pendingBatches: 1 });
      store.mode = 'up';
      const flush = sinon.spy(r, 'flush');
      process.emit('beforeExit', 0);
      expect(flush.callCount).to.equal(1);
      expect(await flush.returnValues[0]).to.equal(true);
    });

    it('should give up on a registry whose flush failed, so that the process can end', async () => {
      const r = registry();
      r.register(new Counter({ name: 'hits_total', description: 'x' })).inc();
      store.mode = 'down';
      const flush = sinon.spy(r, 'flush');
      process.emit('beforeExit', 0);
      expect(await flush.returnValues[0]).to.equal(false);
      process.emit('beforeExit', 0);
      expect(flush.callCount).to.equal(1);
    });

    it('should flush again on a later beforeExit when the last flush succeeded and there is more', async () => {
      const r = registry();
      const hits = r.register(new Counter({ name: 'hits_total', description: 'x' }));
      hits.inc();
      const flush = sinon.spy(r, 'flush');
      process.emit('beforeExit', 0);
      expect(await flush.returnValues[0]).to.equal(true);
      hits.inc();
      process.emit('beforeExit', 0);
      expect(flush.callCount).to.equal(2);
      expect(await flush.returnValues[1]).to.equal(true);
      expect(store.value('exit', 'hits_total::')).to.equal(2);
    });
  });

  let startBeforeExit = 0;
  beforeEach(() => {
    startBeforeExit = process.listenerCount('beforeExit');
  });
});

/** registryLike has what flushOnExit checks for, without being used. */
function registryLike(): object {
  return { close: () => Promise.resolve(true), status: () => ({}) };
}
