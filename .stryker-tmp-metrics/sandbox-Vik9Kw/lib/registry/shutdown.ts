// @ts-nocheck
import type { CollectorRegistry } from './CollectorRegistry';

/** FlushOnExitOptions configure `flushOnExit`. */
export interface FlushOnExitOptions {
  /**
   * The signals on which the registries are closed before the process ends.
   * @default ['SIGTERM', 'SIGINT']
   */
  signals?: readonly NodeJS.Signals[];
  /**
   * The longest time to wait for Redis on a signal, in milliseconds (passed to
   * `close`).
   * @default 5000
   */
  timeoutMs?: number;
}

/**
 * flushOnExit makes registries deliver what is pending when the process ends:
 *
 * - on each of `signals` it closes the registries (flushing, at most
 *   `timeoutMs`) and then ends the process as the signal would have, by
 *   raising it again; when the application listens to the signal itself, it
 *   leaves ending the process to the application (close the registries in
 *   your own handler instead, to be sure they finish first);
 *
 * Delivery when the event loop runs empty (`beforeExit`) needs no call: every
 * registry that is not closed does it itself (see `deliverBeforeExit`).
 *
 * It returns a function that removes the handlers. Throws a TypeError when
 * given something that is not a registry.
 *
 * @example
 * const registry = new CollectorRegistry({ redis: 'redis://127.0.0.1:6379', namespace: 'shop' });
 * flushOnExit(registry);
 */
export function flushOnExit(
  registries: CollectorRegistry | readonly CollectorRegistry[],
  options: FlushOnExitOptions = {},
): () => void {
  const list: CollectorRegistry[] = Array.isArray(registries) ? [...registries] : [registries as CollectorRegistry];
  for (const r of list) {
    if (r === null || typeof r !== 'object' || typeof r.close !== 'function' || typeof r.status !== 'function') {
      throw new TypeError('flushOnExit needs a CollectorRegistry or an array of them');
    }
  }
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const timeoutMs = options.timeoutMs ?? 5000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) {
    throw new RangeError(`timeoutMs must be a number of milliseconds >= 0, got ${String(timeoutMs)}`);
  }

  let stopping = false;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // asked twice: stop waiting for Redis
      remove();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      return;
    }
    stopping = true;
    void Promise.all(list.map((r) => r.close(timeoutMs))).finally(() => {
      remove();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };

  const remove = (): void => {
    for (const s of signals) process.off(s, onSignal);
  };

  for (const s of signals) process.on(s, onSignal);
  return remove;
}
