import type { Metric } from '../metrics/Metric';
import { describe } from '../metrics/validation';

/**
 * checkMetric throws a TypeError naming the form and the value unless
 * `metric` is a metric of one of `types` (for JavaScript callers; TypeScript
 * rejects the wrong metric at compile time).
 */
export function checkMetric(form: string, metric: unknown, types: readonly string[]): asserts metric is Metric<any, any> {
  const type = metric !== null && typeof metric === 'object' ? (metric as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !types.includes(type) || typeof (metric as { name?: unknown }).name !== 'string') {
    throw new TypeError(`${form} needs a ${types.join(' or ')} metric, got ${describe(metric)}${typeof type === 'string' ? ` (a ${type})` : ''}`);
  }
}
