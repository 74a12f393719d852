// @ts-nocheck
import { checkLabels, checkMetric } from './checkMetric';
import type { InstrumentLabels, TimerOptions } from './options';
import { callSite } from './Site';
import type { Observer } from './targets';
import { OBSERVERS } from './time';

/**
 * Timer measures one duration from its creation until `end()` or until it
 * is disposed (`using`), and observes it once into a histogram or summary.
 */
export class Timer<L extends string = string> implements Disposable {
  /** The metric the duration is observed into. */
  readonly metric: Observer<L>;
  /** True when durations are in milliseconds instead of seconds. */
  readonly milliseconds: boolean;
  private readonly started: number;
  private readonly labels: Readonly<Record<string, unknown>> | undefined;
  private duration: number | undefined;

  /** Use `timer(metric, options)`. Throws a TypeError for a wrong metric or an unknown label. */
  constructor(metric: Observer<L>, options?: TimerOptions<L>) {
    checkMetric('timer', metric, OBSERVERS);
    const labels = options?.labels;
    // The names are checked now, so that a misspelt label fails here rather than when the timer ends.
    checkLabels(metric, labels);
    this.metric = metric;
    this.milliseconds = options?.milliseconds === true;
    this.labels = labels;
    this.started = performance.now();
  }

  /** ended is true once the duration has been observed. */
  get ended(): boolean {
    return this.duration !== undefined;
  }

  /**
   * end observes the time since the timer was made, in seconds (or
   * milliseconds), with the timer's labels plus `labels`, and returns it.
   * Only the first call observes; later calls return the same duration.
   * Throws a TypeError when a label in `labels` is not one of the metric's
   * (the duration is then not observed).
   */
  end(labels?: InstrumentLabels<L>): number {
    if (this.duration !== undefined) return this.duration;
    const ms = performance.now() - this.started;
    const duration = (this.duration = this.milliseconds ? ms : ms / 1000);
    const metric = this.metric;
    if (metric._owner === undefined) callSite('timer', metric).unregistered(metric, undefined);
    metric.observe(duration, (labels === undefined ? this.labels : { ...this.labels, ...labels }) as any);
    return duration;
  }

  /** [Symbol.dispose] ends the timer unless it has ended, so that `using t = timer(metric)` observes at the end of the block. */
  [Symbol.dispose](): void {
    if (this.duration === undefined) this.end();
  }
}

/**
 * timer starts a Timer on a histogram or summary: the duration is observed
 * when `end(labels?)` is called (which returns it) or when the timer is
 * disposed, in seconds unless `milliseconds: true`. Throws a TypeError at
 * once for a wrong metric or an unknown label.
 *
 * @example
 * {
 *   using t = timer(placeLatency, { labels: { step: 'db' } });
 *   await db.save(order);
 * } // observed here
 */
export function timer<L extends string>(metric: Observer<L>, options?: TimerOptions<NoInfer<L>>): Timer<L> {
  return new Timer<L>(metric, options);
}
