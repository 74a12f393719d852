import { Histogram, HistogramOptions, tidy } from './Histogram';
import { checkCount } from './LinearHistogram';
import { describe } from '../util/describe';

/** ExponentialHistogramOptions are the options of an ExponentialHistogram. */
export interface ExponentialHistogramOptions<L extends string> extends Omit<HistogramOptions<L>, 'buckets'> {
  /** The upper bound of the first bucket; must be positive. */
  start: number;
  /** The ratio between two bucket bounds; must be greater than 1. */
  factor: number;
  /** The number of buckets besides `+Inf`; a whole number of at least 1. */
  count: number;
}

/**
 * ExponentialHistogram is a Histogram whose `count` buckets grow by `factor`,
 * starting at `start`: start, start × factor, start × factor², …
 *
 * @example
 * new ExponentialHistogram({ name: 'payload_bytes', description: 'Payload size', start: 100, factor: 10, count: 4 }); // 100, 1000, 10000, 100000
 */
export class ExponentialHistogram<const L extends string = never> extends Histogram<L> {
  constructor(options: ExponentialHistogramOptions<L>) {
    const { start, factor, count } = options;
    if (typeof start !== 'number' || !(start > 0 && start < Infinity)) {
      throw new RangeError(`histogram "${options.name}": start must be a positive number, got ${describe(start)}`);
    }
    if (typeof factor !== 'number' || !(factor > 1 && factor < Infinity)) {
      throw new RangeError(`histogram "${options.name}": factor must be a number greater than 1, got ${describe(factor)}`);
    }
    checkCount(options.name, count);
    const buckets = Array.from({ length: count }, (_, i) => tidy(start * factor ** i));
    super({ ...options, buckets });
  }
}
