import 'reflect-metadata';
import * as sinon from 'sinon';

// Any unhandled rejection during the specs fails the run.
process.on('unhandledRejection', (reason) => {
  throw reason instanceof Error ? reason : new Error(`unhandled rejection: ${String(reason)}`);
});

export const mochaHooks = {
  afterEach(): void {
    sinon.restore();
  },
};
