// @ts-nocheck
import type { BoundCounter } from '../metrics/Counter';
import { checkMetric } from './checkMetric';
import { applyDecorator, decoratorMember, MethodDecorator } from './decoratorKinds';
import type { CountOptions } from './options';
import { LabelPlan } from './LabelPlan';
import type { Recorder } from './Recorder';
import { callSite, Site } from './Site';
import type { Countable } from './targets';
import { invoke } from './wrap';

/** CountRecorder adds 1 to a counter or gauge when a call ends, whether it returned or threw. */
class CountRecorder implements Recorder {
  constructor(
    private readonly metric: Countable<any>,
    private readonly plan: LabelPlan<BoundCounter>,
    private readonly site: Site,
  ) {}

  start(): number {
    return 0;
  }

  end(_started: number, thisArg: unknown, args: readonly unknown[], ok: boolean, value: unknown): void {
    const metric = this.metric;
    try {
      if (metric._owner === undefined) this.site.unregistered(metric, thisArg);
      const bound = this.plan.bound;
      if (bound !== undefined) bound.inc();
      else metric.inc(1, this.plan.at(args, ok, value) as any);
    } catch (error) {
      this.site.failed(metric, error, thisArg);
    }
  }
}

/**
 * count is a method decorator that adds 1 to a counter or gauge per call,
 * when the call ends: it returns, throws, or the promise it returns settles.
 * The method's `this`, arguments, result and exceptions are not altered. It
 * serves both standard and experimental decorators, and wraps a plain
 * function when called with one. Throws a TypeError at once when `metric`
 * is not a counter or gauge, or a label is not one of the metric's.
 *
 * @example
 * class OrderService {
 *   @count(ordersPlaced, { labels: { channel: 'api' }, outcomeLabel: 'outcome' })
 *   charge(order: Order) { … }
 * }
 */
export function count<L extends string>(metric: Countable<L>, options?: CountOptions<NoInfer<L>>): MethodDecorator {
  checkMetric('count', metric, ['counter', 'gauge']);
  const plan = new LabelPlan<BoundCounter>('count', metric, options);
  return function countDecorator(...args: unknown[]) {
    return applyDecorator('count', metric, options, (site) => new CountRecorder(metric, plan, site), args);
  } as MethodDecorator;
}

/**
 * counted calls `fn` once, adds 1 to a counter or gauge when it ends (as
 * `count` does), and returns its result or rethrows its exception unchanged.
 * Throws a TypeError at once for a wrong metric or an unknown label.
 *
 * @example
 * const quote = await counted(quotesFetched, () => fetchQuote(id), { outcomeLabel: 'outcome' });
 */
export function counted<L extends string, R>(metric: Countable<L>, fn: () => R, options?: CountOptions<NoInfer<L>>): R {
  checkMetric('counted', metric, ['counter', 'gauge']);
  if (typeof fn !== 'function') throw new TypeError(`counted for metric "${metric.name}" needs a function to call, got ${typeof fn}`);
  const plan = new LabelPlan<BoundCounter>('counted', metric, options, false);
  return invoke(fn, new CountRecorder(metric, plan, callSite('counted', metric)));
}

/**
 * CountDecorator is the `count` member of a Counter or Gauge: a method
 * decorator used bare (`@requests.count`) or with options
 * (`@requests.count({ labels: { route: 'place' } })`).
 */
export type CountDecorator<L extends string> = MethodDecorator & ((...args: [options?: CountOptions<L>, noContext?: undefined]) => MethodDecorator);

/** countDecorator makes the `count` member of a metric; see CountDecorator. */
export function countDecorator<L extends string>(metric: Countable<L>): CountDecorator<L> {
  return decoratorMember((options?: CountOptions<L>) => count(metric, options)) as CountDecorator<L>;
}
