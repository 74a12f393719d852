// @ts-nocheck
import * as chai from 'chai';

/**
 * failAtAssertion makes every test fail at its `n`th chai assertion (while a
 * test runs, not a hook), to check that specs close what they opened on their
 * failure paths too: run the suite with SPEC_FAIL_AT=n and SPEC_OPEN_HANDLES=1,
 * and the exit guard lists what a failing spec left open.
 */
export function failAtAssertion(runner: Mocha.Runner, n: number): void {
  let count = 0;
  runner.on('test', () => (count = 0));
  const assert = chai.Assertion.prototype.assert;
  chai.Assertion.prototype.assert = function (this: Chai.AssertionStatic, ...args: Parameters<typeof assert>) {
    if ((runner as any).currentRunnable?.type === 'test' && ++count === n) throw new chai.AssertionError(`SPEC_FAIL_AT=${n}: this test fails at its assertion ${n} on purpose`);
    return assert.apply(this, args);
  } as typeof assert;
}
