// @ts-nocheck
import { expect } from 'chai';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { namespaceKey } from '../../lib/codec/field';
import { flushOnExit } from '../../lib/registry/shutdown';
import { REDIS_URL, useNamespace } from '../support/redis';

const WORKER = path.resolve('spec/reliability/workers/exitWorker.ts');

/** run starts the exit worker, sends `signal` once it is ready (if given), and resolves to how it ended. */
function run(args: string[], signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, args, { execArgv: ['--require', 'tsx/cjs'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('error', reject);
    child.on('message', () => {
      if (signal !== undefined) child.kill(signal);
    });
    child.on('exit', (code, sig) => resolve({ code, signal: sig }));
  });
}

describe('reliability: flushOnExit (real processes)', function () {
  this.timeout(30_000);
  const ctx = useNamespace('exit');
  const value = async () => ctx.redis.hget(namespaceKey(ctx.namespace), 'exit_total::');

  it('should deliver pending updates on SIGTERM and then end the process by the signal', async () => {
    const end = await run(['signal', REDIS_URL, ctx.namespace], 'SIGTERM');
    expect(end).to.deep.equal({ code: null, signal: 'SIGTERM' });
    expect(await value()).to.equal('50');
  });

  it('should deliver pending updates on SIGINT too', async () => {
    const end = await run(['signal', REDIS_URL, ctx.namespace], 'SIGINT');
    expect(end.signal).to.equal('SIGINT');
    expect(await value()).to.equal('50');
  });

  it('should leave ending the process to the application when it handles the signal', async () => {
    const end = await run(['ownHandler', REDIS_URL, ctx.namespace], 'SIGTERM');
    expect(end).to.deep.equal({ code: 7, signal: null });
    expect(await value()).to.equal('50');
  });

  it('should flush pending updates when the event loop runs empty (beforeExit)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-exit-'));
    try {
      const file = path.join(dir, 'writes.jsonl');
      const end = await run(['natural', file, ctx.namespace]);
      expect(end).to.deep.equal({ code: 0, signal: null });
      const writes = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(writes).to.have.length(1);
      expect(writes[0].flat()).to.include.members(['i', 'exit_total::', '42']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should remove its handlers when asked, and refuse what is not a registry', () => {
    const before = process.listenerCount('SIGTERM');
    const fake = { close: async () => true, status: () => ({ bufferedSeries: 0, pendingBatches: 0 }), flush: async () => true };
    const remove = flushOnExit(fake as any);
    expect(process.listenerCount('SIGTERM')).to.equal(before + 1);
    remove();
    expect(process.listenerCount('SIGTERM')).to.equal(before);
    expect(() => flushOnExit({} as any)).to.throw(TypeError, 'CollectorRegistry');
  });
});
