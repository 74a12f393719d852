// @ts-nocheck
import type { BoundHistogram } from '../metrics/Histogram';
import { checkMetric } from './checkMetric';
import type { TimeOptions } from './options';
import { LabelPlan } from './LabelPlan';
import { callSite } from './Site';
import type { Observer } from './targets';
import { OBSERVERS, TimeRecorder } from './time';
import { invoke } from './wrap';

/**
 * timed calls `fn` once, observes how long it took in seconds (milliseconds
 * with `milliseconds: true`) into a histogram or summary, and returns its
 * result or rethrows its exception unchanged. When `fn` returns a promise,
 * the duration runs until it settles, and the promise returned settles the
 * same way (same value or rejection reason).
 * Throws a TypeError at once for a wrong metric or an unknown label.
 *
 * @example
 * const quote = await timed(placeLatency, () => fetchQuote(id), { labels: { step: 'quote' } });
 */
export function timed<L extends string, R>(metric: Observer<L>, fn: () => R, options?: TimeOptions<NoInfer<L>>): R {
  checkMetric('timed', metric, OBSERVERS);
  if (typeof fn !== 'function') throw new TypeError(`timed for metric "${metric.name}" needs a function to call, got ${typeof fn}`);
  const plan = new LabelPlan<BoundHistogram>('timed', metric, options, false);
  return invoke(fn, new TimeRecorder(metric, plan, callSite('timed', metric), options?.milliseconds === true));
}
