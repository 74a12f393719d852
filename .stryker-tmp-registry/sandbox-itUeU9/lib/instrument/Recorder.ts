/**
 * Recorder records the calls of one instrumented place: `start` when a call
 * begins, `end` when it returns, throws, or its promise settles. Neither
 * ever throws: a failure is reported through the site as a warning.
 */
// @ts-nocheck

export interface Recorder {
  /** start is called before the call; its result is handed to `end`. */
  start(thisArg: unknown): number;
  /** end is called once the call ended; `ok` is false when it threw or its promise rejected. */
  end(started: number, thisArg: unknown, args: readonly unknown[], ok: boolean, value: unknown): void;
}
