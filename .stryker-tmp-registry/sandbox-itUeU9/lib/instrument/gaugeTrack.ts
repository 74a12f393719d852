// @ts-nocheck
import type { BoundGauge, Gauge } from '../metrics/Gauge';
import type { LabelValues } from '../metrics/Metric';
import { checkLabels, checkMetric } from './checkMetric';
import { applyDecorator, decoratorMember, MethodDecorator } from './decoratorKinds';
import type { TrackOptions } from './options';
import type { Recorder } from './Recorder';
import { callSite, Site } from './Site';
import { invoke } from './wrap';

/** TrackRecorder adds 1 to a gauge series when a call starts and subtracts it when the call ends. */
class TrackRecorder implements Recorder {
  constructor(
    private readonly gauge: Gauge<any>,
    private readonly bound: Pick<BoundGauge, 'inc' | 'dec'>,
    private readonly site: Site,
  ) {}

  start(thisArg: unknown): number {
    try {
      if (this.gauge._owner === undefined) this.site.unregistered(this.gauge, thisArg);
      this.bound.inc();
      return 1;
    } catch (error) {
      this.site.failed(this.gauge, error, thisArg);
      return 0;
    }
  }

  end(started: number, thisArg: unknown): void {
    if (started !== 1) return;
    try {
      this.bound.dec();
    } catch (error) {
      this.site.failed(this.gauge, error, thisArg);
    }
  }
}

function bind<L extends string>(form: string, gauge: Gauge<L>, options: TrackOptions<L> | undefined): BoundGauge {
  checkMetric(form, gauge, ['gauge']);
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`@${form}: options for metric "${gauge.name}" must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  return gauge.labels({ ...options?.labels } as any);
}

/**
 * track is a method decorator that counts the calls in progress in a gauge:
 * it adds 1 when a call starts and subtracts 1 when it returns, throws, or
 * the promise it returns settles. The method's `this`, arguments, result and
 * exceptions are not altered. It serves both standard and experimental
 * decorators, and wraps a plain function when called with one. Throws a
 * TypeError at once when `gauge` is not a gauge or a label is not one of its.
 *
 * @example
 * class Worker {
 *   @track(jobsRunning, { labels: { queue: 'mail' } })
 *   async run(job: Job) { … }
 * }
 */
export function track<L extends string>(gauge: Gauge<L>, options?: TrackOptions<NoInfer<L>>): MethodDecorator {
  const bound = bind('track', gauge, options);
  return function trackDecorator(...args: unknown[]) {
    return applyDecorator('track', gauge, options, (site) => new TrackRecorder(gauge, bound, site), args);
  } as MethodDecorator;
}

/**
 * tracked calls `fn` once, counting it in a gauge while it runs (as `track`
 * does), and returns its result or rethrows its exception unchanged.
 *
 * @example
 * await tracked(jobsRunning, () => runJob(job), { labels: { queue: 'mail' } });
 */
export function tracked<L extends string, R>(gauge: Gauge<L>, fn: () => R, options?: TrackOptions<NoInfer<L>>): R {
  checkMetric('tracked', gauge, ['gauge']);
  if (typeof fn !== 'function') throw new TypeError(`tracked for metric "${gauge.name}" needs a function to call, got ${typeof fn}`);
  // Once per call, a label lookup on entry and on exit costs less than binding a series.
  const labels = options?.labels as LabelValues<L> | undefined;
  checkLabels(gauge, labels);
  const series = { inc: () => gauge.inc(labels), dec: () => gauge.dec(labels) };
  return invoke(fn, new TrackRecorder(gauge, series, callSite('tracked', gauge)));
}

/**
 * TrackDecorator is the `track` member of a Gauge: a method decorator used
 * bare (`@inFlight.track`) or with options (`@inFlight.track({ labels: { queue: 'mail' } })`).
 */
export type TrackDecorator<L extends string> = MethodDecorator & ((...args: [options?: TrackOptions<L>, noContext?: undefined]) => MethodDecorator);

/** trackDecorator makes the `track` member of a gauge; see TrackDecorator. */
export function trackDecorator<L extends string>(gauge: Gauge<L>): TrackDecorator<L> {
  return decoratorMember((options?: TrackOptions<L>) => track(gauge, options)) as TrackDecorator<L>;
}
