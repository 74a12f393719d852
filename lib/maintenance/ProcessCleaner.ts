import type { Store } from '../store/Store';

/** ProcessCleanerOptions configure a ProcessCleaner. */
export interface ProcessCleanerOptions {
  /** The store to clean; it must have `cleanProcesses`. */
  readonly store: Store;
  readonly namespace: string;
  /** How long after its deadline a dead process's data is kept, in milliseconds. */
  readonly retentionMs: number;
  /** How often to look for dead processes, in milliseconds. */
  readonly intervalMs: number;
  /** Told of a failed clean-up; must not throw. */
  readonly report: (error: Error) => void;
}

/**
 * ProcessCleaner deletes, on an interval, the per-process data of the
 * namespace's processes that died longer than the retention ago
 * (Store.cleanProcesses: one cleaner at a time per namespace, in slices of a
 * few milliseconds). Every registry runs one, and so may an exposition server
 * allowed to write; whichever gets the namespace's lock does the work. Its
 * timer does not keep the process alive, and it never throws: failures go to
 * `report`.
 */
export class ProcessCleaner {
  /** How many processes this cleaner forgot. */
  forgotten = 0;
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | undefined;

  constructor(private readonly o: ProcessCleanerOptions) {
    this.timer = setInterval(() => void this.run(), o.intervalMs);
    this.timer.unref();
  }

  /** run cleans once, unless a clean-up of this cleaner is still running; it never rejects. */
  run(): Promise<void> {
    if (this.running !== undefined) return this.running;
    const { store, namespace, retentionMs, report } = this.o;
    this.running = (async () => {
      try {
        this.forgotten += (await store.cleanProcesses?.(namespace, retentionMs)) ?? 0;
      } catch (err) {
        try {
          report(err instanceof Error ? err : new Error(String(err)));
        } catch {
          // a report that throws must not break the clean-up loop
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** stop ends the interval; a clean-up in progress finishes (see `stopped`). */
  stop(): void {
    clearInterval(this.timer);
  }

  /** stopped resolves when no clean-up of this cleaner is running. */
  async stopped(): Promise<void> {
    await this.running;
  }
}
