import { Histogram, HistogramOptions, tidy } from './Histogram';
import { describe } from '../util/describe';

/** LinearHistogramOptions are the options of a LinearHistogram. */
export interface LinearHistogramOptions<L extends string> extends Omit<HistogramOptions<L>, 'buckets'> {
  /** The upper bound of the first bucket. */
  start: number;
  /** The distance between two bucket bounds; must be positive. */
  width: number;
  /** The number of buckets besides `+Inf`; a whole number of at least 1. */
  count: number;
}

/**
 * LinearHistogram is a Histogram whose `count` buckets are `width` apart,
 * starting at `start`: start, start + width, start + 2 × width, …
 *
 * @example
 * new LinearHistogram({ name: 'batch_size', description: 'Items per batch', start: 10, width: 10, count: 5 }); // 10, 20, 30, 40, 50
 */
export class LinearHistogram<const L extends string = never> extends Histogram<L> {
  constructor(options: LinearHistogramOptions<L>) {
    const { start, width, count } = options;
    if (typeof start !== 'number' || !Number.isFinite(start)) {
      throw new RangeError(`histogram "${options.name}": start must be a finite number, got ${describe(start)}`);
    }
    if (typeof width !== 'number' || !(width > 0 && width < Infinity)) {
      throw new RangeError(`histogram "${options.name}": width must be a positive number, got ${describe(width)}`);
    }
    checkCount(options.name, count);
    const buckets = Array.from({ length: count }, (_, i) => tidy(start + i * width));
    super({ ...options, buckets });
  }
}

/** checkCount throws a RangeError unless `count` is a whole number from 1 to 10,000. */
export function checkCount(metric: string, count: unknown): asserts count is number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 10_000) {
    throw new RangeError(`histogram "${metric}": count must be a whole number from 1 to 10000, got ${describe(count)}`);
  }
}
