/** What the running test opened, to close after it, newest first. */
// @ts-nocheck

const closers: Array<() => unknown> = [];

/**
 * closeAfterTest returns `resource` and closes it after the running test,
 * whether the test passed or failed: with `close`, or else with the
 * resource's own close(). For what a test opens in its body; what a hook
 * opens, its `after` hook closes.
 */
export function closeAfterTest<T extends { close(): unknown }>(resource: T): T;
export function closeAfterTest<T>(resource: T, close: (resource: T) => unknown): T;
export function closeAfterTest<T>(resource: T, close?: (resource: T) => unknown): T {
  closers.push(() => (close === undefined ? (resource as unknown as { close(): unknown }).close() : close(resource)));
  return resource;
}

/** closeWhatTheTestOpened runs the closers of the test that ended (all of them, even when one fails). */
export async function closeWhatTheTestOpened(): Promise<void> {
  const errors: unknown[] = [];
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} resources failed to close`);
}
