/** TIMED_OUT is what `withTimeout` resolves to when the time is up first. */
// @ts-nocheck

export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * withTimeout settles as `promise` does, or resolves to TIMED_OUT once `ms`
 * milliseconds have passed, whichever comes first; the caller decides what a
 * timeout means (an error to throw, a write to give up on). A rejection of
 * `promise` after the time is up is handled, never reported as unhandled. The
 * timer does not keep the process alive unless `keepAlive` is true (a
 * shutdown that waits for its last write).
 *
 * @example
 * const reply = await withTimeout(redis.ping(), 1000);
 * if (reply === TIMED_OUT) throw new Error('no answer within 1000 ms');
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, keepAlive = false): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms));
    if (!keepAlive) timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
