// @ts-nocheck
import type { BoundHistogram } from '../metrics/Histogram';
import { checkMetric } from './checkMetric';
import { applyDecorator, decoratorMember, MethodDecorator } from './decoratorKinds';
import type { TimeOptions } from './options';
import { LabelPlan } from './LabelPlan';
import type { Recorder } from './Recorder';
import type { Site } from './Site';
import type { Observer } from './targets';

/** TimeRecorder observes the duration of a call, in seconds or milliseconds, when it ends. */
export class TimeRecorder implements Recorder {
  /** 1 for milliseconds, 1000 for seconds: durations are divided by it (a division keeps 700 / 1000 at 0.7). */
  private readonly divisor: number;

  constructor(
    private readonly metric: Observer<any>,
    private readonly plan: LabelPlan<BoundHistogram>,
    private readonly site: Site,
    milliseconds: boolean,
  ) {
    this.divisor = milliseconds ? 1 : 1000;
  }

  start(): number {
    return performance.now();
  }

  end(started: number, thisArg: unknown, args: readonly unknown[], ok: boolean, value: unknown): void {
    const duration = (performance.now() - started) / this.divisor;
    const metric = this.metric;
    try {
      if (metric._owner === undefined) this.site.unregistered(metric, thisArg);
      const bound = this.plan.bound;
      if (bound !== undefined) bound.observe(duration);
      else metric.observe(duration, this.plan.at(args, ok, value) as any);
    } catch (error) {
      this.site.failed(metric, error, thisArg);
    }
  }
}

/** OBSERVERS are the metric types that observe durations. */
export const OBSERVERS: readonly string[] = ['histogram', 'summary'];

/**
 * time is a method decorator that observes how long each call takes, in
 * seconds (milliseconds with `milliseconds: true`), into a histogram or
 * summary. A call ends when it returns or throws, or, when it returns a
 * promise, when the promise settles. The method's `this`, arguments, result
 * and exceptions are not altered. It serves both standard and experimental
 * decorators, and wraps a plain function when called with one. Throws a
 * TypeError at once when `metric` is not a histogram or summary, or a label
 * is not one of the metric's.
 *
 * @example
 * class OrderService {
 *   @time(placeLatency, { labels: { step: 'charge' } })
 *   async charge(order: Order) { … }
 * }
 */
export function time<L extends string>(metric: Observer<L>, options?: TimeOptions<NoInfer<L>>): MethodDecorator {
  checkMetric('time', metric, OBSERVERS);
  const plan = new LabelPlan<BoundHistogram>('time', metric, options);
  const milliseconds = options?.milliseconds === true;
  return function timeDecorator(...args: unknown[]) {
    return applyDecorator('time', metric, options, (site) => new TimeRecorder(metric, plan, site, milliseconds), args);
  } as MethodDecorator;
}

/**
 * TimeDecorator is the `time` member of a Histogram or Summary: a method
 * decorator used bare (`@latency.time`) or with options
 * (`@latency.time({ labels: { step: 'db' }, milliseconds: true })`).
 */
export type TimeDecorator<L extends string> = MethodDecorator & ((...args: [options?: TimeOptions<L>, noContext?: undefined]) => MethodDecorator);

/** timeDecorator makes the `time` member of a metric; see TimeDecorator. */
export function timeDecorator<L extends string>(metric: Observer<L>): TimeDecorator<L> {
  return decoratorMember((options?: TimeOptions<L>) => time(metric, options)) as TimeDecorator<L>;
}
