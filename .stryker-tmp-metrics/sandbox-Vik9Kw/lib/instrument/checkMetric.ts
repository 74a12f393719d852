// @ts-nocheck
import type { Metric } from '../metrics/Metric';
import { describe } from '../util/describe';

/**
 * checkLabels throws a TypeError naming the metric and the label when
 * `labels` names a label the metric does not allow. It checks names only,
 * without looking up a series, for forms that run once per call.
 */
export function checkLabels(metric: Metric<any, any>, labels: object | undefined): void {
  if (labels === undefined) return;
  if (labels === null || typeof labels !== 'object') {
    throw new TypeError(`metric "${metric.name}": labels must be an object, got ${describe(labels)}`);
  }
  const allowed = metric.allowedLabels as readonly string[];
  for (const name in labels) {
    if ((labels as Record<string, unknown>)[name] !== undefined && !allowed.includes(name)) {
      const list = allowed.length === 0 ? 'none' : allowed.map((n) => `"${n}"`).join(', ');
      throw new TypeError(`metric "${metric.name}": unknown label "${name}" (allowed: ${list})`);
    }
  }
}

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
