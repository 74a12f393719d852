// @ts-nocheck
import type { CollectorRegistry } from '../registry/CollectorRegistry';

/** FlushOptions say when an integration flushes the registry after a request or a job. */
export interface FlushOptions {
  /**
   * Flush the registry after every response (or job), as the registry's
   * `transfer()`; false leaves flushing to the registry's interval.
   * @default true
   */
  flush?: boolean;
  /**
   * Wait this many milliseconds after a response (or job) before flushing,
   * and flush once for everything finished in that time; 0 flushes after
   * each one. Under load the registry already merges flushes that overlap,
   * so this only lowers the number of Redis round trips further.
   * @default 0
   */
  flushDebounceMs?: number;
}

/**
 * FlushScheduler starts a registry flush after a response or a job, at once
 * or debounced. It never waits for the flush and never throws: failures are
 * reported by the registry (its `onError` option or `'error'` event).
 */
export class FlushScheduler {
  private readonly enabled: boolean;
  private readonly debounceMs: number;
  private timer: NodeJS.Timeout | undefined;

  /** Throws a RangeError when `flushDebounceMs` is not a number of milliseconds >= 0. */
  constructor(
    private readonly registry: CollectorRegistry,
    options: FlushOptions = {},
  ) {
    this.enabled = options.flush ?? true;
    const ms = options.flushDebounceMs ?? 0;
    if (typeof ms !== 'number' || !(ms >= 0 && ms < 2 ** 31)) {
      throw new RangeError(`flushDebounceMs must be a number of milliseconds >= 0, got ${String(ms)}`);
    }
    this.debounceMs = ms;
  }

  /** request asks for a flush: now, or when the debounce time is over. */
  request(): void {
    if (!this.enabled) return;
    if (this.debounceMs === 0) {
      this.start();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.start();
      }, this.debounceMs);
      this.timer.unref();
    }
  }

  private start(): void {
    try {
      this.registry.flush().catch(() => undefined);
    } catch {
      // a registry that throws must not break the response or the job
    }
  }
}
