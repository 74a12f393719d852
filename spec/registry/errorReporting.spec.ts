import { expect } from 'chai';
import * as sinon from 'sinon';
import { FlushError } from '../../lib/errors/FlushError';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry, CollectorRegistryOptions } from '../../lib/registry/CollectorRegistry';
import { FlakyStore } from '../reliability/flakyStore';

/** Where a registry's errors go: `onError`, else `'error'` listeners, else a process warning at most once a minute. */
describe('registry: where errors are reported', () => {
  let store: FlakyStore;
  let clock: sinon.SinonFakeTimers;
  let warn: sinon.SinonStub;
  const registries: CollectorRegistry[] = [];

  function registry(options: Partial<CollectorRegistryOptions> = {}): CollectorRegistry {
    const r = new CollectorRegistry({ store, namespace: 'reported', flushIntervalMs: 0, retryDelayMs: 3_600_000, ...options });
    registries.push(r);
    r.register(new Counter({ name: 'hits_total', description: 'x' }));
    return r;
  }
  const warnings = () => warn.args.filter((a) => (a[1] as { code?: string } | undefined)?.code === 'INSTRUMENTOR_FLUSH');

  beforeEach(() => {
    store = new FlakyStore();
    store.mode = 'down';
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    warn = sinon.stub(process, 'emitWarning');
  });
  afterEach(async () => {
    store.mode = 'up';
    warn.restore();
    clock.restore();
    for (const r of registries.splice(0)) {
      r.removeAllListeners('error');
      await r.close(100);
    }
  });

  it('should give every error to onError, and nothing to error listeners or warnings', async () => {
    const seen: Error[] = [];
    const listened: Error[] = [];
    const r = registry({ onError: (e) => seen.push(e) });
    r.on('error', (e) => listened.push(e));
    expect(await r.flush()).to.equal(false);
    expect(await r.flush()).to.equal(false);
    expect(seen.map((e) => e.constructor.name)).to.deep.equal(['FlushError', 'FlushError']);
    expect(seen[0].message).to.contain('connection refused');
    expect(listened).to.deep.equal([]);
    expect(warnings()).to.deep.equal([]);
  });

  it('should survive an onError that throws: the flush resolves false, and true once Redis is back', async () => {
    let calls = 0;
    const r = registry({
      onError: () => {
        calls++;
        throw new Error('handler broke');
      },
    });
    expect(await r.flush()).to.equal(false);
    expect(calls).to.equal(1);
    store.mode = 'up';
    expect(await r.flush()).to.equal(true);
    expect(store.value('reported', 'hits_total::')).to.equal(0);
  });

  it('should emit errors to error listeners when there is no onError, and warn of none', async () => {
    const listened: Error[] = [];
    const r = registry();
    r.on('error', (e) => listened.push(e));
    expect(await r.flush()).to.equal(false);
    expect(listened).to.have.length(1);
    expect(listened[0]).to.be.instanceOf(FlushError);
    expect(warnings()).to.deep.equal([]);
  });

  it('should survive an error listener that throws', async () => {
    const r = registry();
    r.on('error', () => {
      throw new Error('listener broke');
    });
    expect(await r.flush()).to.equal(false);
    store.mode = 'up';
    expect(await r.flush()).to.equal(true);
  });

  it('should warn with no handler at all, with the error\'s message, at most once a minute', async () => {
    const r = registry();
    expect(await r.flush()).to.equal(false);
    expect(warnings()).to.have.length(1);
    expect(warnings()[0][0]).to.contain('connection refused');
    expect(warnings()[0][1]).to.deep.equal({ code: 'INSTRUMENTOR_FLUSH' });
    await clock.tickAsync(30_000);
    expect(await r.flush()).to.equal(false);
    await clock.tickAsync(30_000); // exactly a minute after the warning: still within it
    expect(await r.flush()).to.equal(false);
    expect(warnings()).to.have.length(1);
    await clock.tickAsync(1);
    expect(await r.flush()).to.equal(false);
    expect(warnings()).to.have.length(2);
  });
});
