// @ts-nocheck
import type { Metric } from '../metrics/Metric';
import { checkLabels } from './checkMetric';
import type { CallEnd, InstrumentLabels, RecordOptions } from './options';

/**
 * LabelPlan holds the labels of a `count` or `time` decorator, checked once:
 * with only static labels the series is bound when the decorator is made,
 * and a call records into it without any label lookup. The once-per-call
 * forms (`timed`, `counted`) pass `bind: false`: binding costs more than the
 * one lookup it saves, so their label names are only checked.
 */
export class LabelPlan<B> {
  /** The series bound to the static labels, when no label depends on the call. */
  readonly bound: B | undefined;
  private readonly labels: Readonly<Record<string, unknown>> | undefined;
  private readonly labelsAtEnd: ((end: CallEnd) => InstrumentLabels<any>) | undefined;
  private readonly outcomeLabel: string | undefined;

  constructor(
    decorator: string,
    metric: Metric<any, any> & { labels?(labels: object): B },
    options: RecordOptions<any> | undefined,
    bind = true,
  ) {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new TypeError(`@${decorator}: options for metric "${metric.name}" must be an object, got ${options === null ? 'null' : typeof options}`);
    }
    const labels = options?.labels;
    if (labels !== undefined && (labels === null || typeof labels !== 'object')) {
      throw new TypeError(`@${decorator}: labels for metric "${metric.name}" must be an object, got ${labels === null ? 'null' : typeof labels}`);
    }
    const labelsAtEnd = options?.labelsAtEnd;
    if (labelsAtEnd !== undefined && typeof labelsAtEnd !== 'function') {
      throw new TypeError(`@${decorator}: labelsAtEnd for metric "${metric.name}" must be a function, got ${typeof labelsAtEnd}`);
    }
    const outcomeLabel = options?.outcomeLabel;
    if (outcomeLabel !== undefined && !metric.allowedLabels.includes(outcomeLabel)) {
      const allowed = metric.allowedLabels.length === 0 ? 'none' : metric.allowedLabels.map((n) => `"${n}"`).join(', ');
      throw new TypeError(
        `@${decorator}: outcomeLabel ${JSON.stringify(outcomeLabel)} is not a label of metric "${metric.name}" (allowed: ${allowed})`,
      );
    }
    // Binding checks the static labels now and throws a TypeError naming an unknown one.
    const fixed = labelsAtEnd === undefined && outcomeLabel === undefined;
    if (bind && fixed && typeof metric.labels === 'function') this.bound = metric.labels({ ...labels });
    else checkLabels(metric, labels);
    this.labels = labels === undefined ? undefined : bind ? Object.freeze({ ...labels }) : labels;
    this.labelsAtEnd = labelsAtEnd;
    this.outcomeLabel = outcomeLabel;
  }

  /** at returns the labels of a call that ended (used when no series is bound). */
  at(args: readonly unknown[], ok: boolean, value: unknown): Record<string, unknown> | undefined {
    if (this.labelsAtEnd === undefined && this.outcomeLabel === undefined) return this.labels;
    const out: Record<string, unknown> = { ...this.labels };
    if (this.labelsAtEnd !== undefined) {
      const extra = this.labelsAtEnd({
        outcome: ok ? 'success' : 'error',
        result: ok ? value : undefined,
        error: ok ? undefined : value,
        args,
      });
      if (extra !== undefined && extra !== null) Object.assign(out, extra);
    }
    if (this.outcomeLabel !== undefined) out[this.outcomeLabel] = ok ? 'success' : 'error';
    return out;
  }
}
