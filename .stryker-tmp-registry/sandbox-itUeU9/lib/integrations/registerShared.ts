// @ts-nocheck
import { AlreadyRegisteredError } from '../errors/AlreadyRegisteredError';
import { Histogram } from '../metrics/Histogram';
import type { Metric } from '../metrics/Metric';
import type { CollectorRegistry } from '../registry/CollectorRegistry';

/**
 * registerShared registers `metric` in `registry`, or returns the metric of
 * the same name registered there already when it has the same type, labels
 * and buckets, so that two integrations (two apps, two workers) in one process
 * can share their metrics. Throws the AlreadyRegisteredError of `register`
 * when the registered metric differs.
 */
export function registerShared<M extends Metric<any, any>>(registry: CollectorRegistry, metric: M): M {
  try {
    return registry.register(metric);
  } catch (err) {
    if (!(err instanceof AlreadyRegisteredError)) throw err;
    const existing = err.existing;
    if (existing.constructor === metric.constructor && sameList(existing.allowedLabels, metric.allowedLabels)) {
      if (!(metric instanceof Histogram) || sameList((existing as Histogram<any>).buckets, metric.buckets)) {
        return existing as M;
      }
    }
    throw err;
  }
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
