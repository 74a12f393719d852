// @ts-nocheck
import type { LabelValues } from '../metrics/Metric';

/**
 * InstrumentLabels are the labels an instrumenting option may give: any subset
 * of the metric's allowed label names. For a metric without labels no label is
 * accepted, so that a misspelt label is a compile-time error there too.
 */
export type InstrumentLabels<L extends string> = [L] extends [never] ? { readonly [name: string]: never } : LabelValues<L>;

/** Outcome is how an instrumented call ended: it returned (or its promise resolved), or it threw (or its promise rejected). */
export type Outcome = 'success' | 'error';

/** CallEnd describes an instrumented call that has ended; `labelsAtEnd` receives it. */
export interface CallEnd {
  /** How the call ended. */
  readonly outcome: Outcome;
  /** The value returned, or the value its promise resolved to; undefined on error. */
  readonly result: unknown;
  /** The error thrown, or the reason its promise rejected; undefined on success. */
  readonly error: unknown;
  /** The arguments the call received (empty for `timed` and `counted`). */
  readonly args: readonly unknown[];
}

/** RecordOptions are the label options shared by `count` and `time`. */
export interface RecordOptions<L extends string> {
  /**
   * Labels recorded with every call. They are checked when the decorator is
   * applied (a TypeError names an unknown label then).
   * @default {}
   */
  labels?: InstrumentLabels<L>;
  /**
   * Labels known only when the call ends, such as a status code: called with
   * the call's outcome, result or error and arguments; the labels it returns
   * are added to (and override) `labels`. When it throws or returns an unknown
   * label, the call is still returned or rethrown unchanged, nothing is
   * recorded for it, and a process warning (`INSTRUMENTOR_RECORD`) says why,
   * once per decorated method.
   * @default undefined
   */
  labelsAtEnd?: (end: CallEnd) => InstrumentLabels<L>;
  /**
   * The name of a label that receives the outcome of the call: `"success"` or
   * `"error"`. It must be one of the metric's allowed labels.
   * @default undefined
   */
  outcomeLabel?: L;
}

/** CountOptions configure `count`, `counted` and the `count` decorator of a counter or gauge. */
export type CountOptions<L extends string> = RecordOptions<L>;

/** TimeOptions configure `time`, `timed` and the `time` decorator of a histogram or summary. */
export interface TimeOptions<L extends string> extends RecordOptions<L> {
  /**
   * Observe durations in milliseconds instead of seconds. Choose bucket bounds
   * (and a metric name, `_milliseconds`) to match.
   * @default false
   */
  milliseconds?: boolean;
}

/** TimerOptions configure `timer`. */
export interface TimerOptions<L extends string> {
  /**
   * Labels recorded with the duration; `end(labels)` can add more.
   * @default {}
   */
  labels?: InstrumentLabels<L>;
  /**
   * Observe the duration in milliseconds instead of seconds.
   * @default false
   */
  milliseconds?: boolean;
}

/** TrackOptions configure `track`, `tracked` and the `track` decorator of a gauge. */
export interface TrackOptions<L extends string> {
  /**
   * Labels of the gauge series that counts the calls in progress.
   * @default {}
   */
  labels?: InstrumentLabels<L>;
}
