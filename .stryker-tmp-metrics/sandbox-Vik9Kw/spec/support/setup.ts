// @ts-nocheck
import 'reflect-metadata';
import * as sinon from 'sinon';
import { skipped } from './binaries';
import { closeWhatTheTestOpened } from './cleanup';
import { armExitGuard, followRunnables, trackOpenHandles } from './exitGuard';
import { failAtAssertion } from './failureDrill';
import { ensureRedis, stopOwnRedis } from './suiteRedis';

// Loaded by mocha before any spec file (see .mocharc.json).

// A Redis answers at REDIS_URL before the spec files read it, or the run ends here.
ensureRedis();

if (process.env.SPEC_OPEN_HANDLES) trackOpenHandles();

// Any unhandled rejection during the specs fails the run.
process.on('unhandledRejection', (reason) => {
  throw reason instanceof Error ? reason : new Error(`unhandled rejection: ${String(reason)}`);
});

export const mochaHooks = {
  async afterEach(): Promise<void> {
    sinon.restore();
    await closeWhatTheTestOpened();
  },
};

export function mochaGlobalSetup(this: Mocha.Runner): void {
  followRunnables(this);
  if (process.env.SPEC_FAIL_AT) failAtAssertion(this, Number(process.env.SPEC_FAIL_AT));
}

export function mochaGlobalTeardown(this: Mocha.Runner): void {
  if (skipped.size > 0) {
    console.log('Skipped for want of a program or a Python module (under CI, CI=true, these fail instead):');
    for (const [reason, count] of skipped) console.log(`  ${count} spec${count === 1 ? '' : 's'}: ${reason}`);
  }
  stopOwnRedis();
  // mocha's own command line only: other runners (Stryker) keep their process
  if (/mocha/.test(process.argv[1] ?? '')) armExitGuard(this.failures);
}
