import { optionNames } from '../util/checkOptionNames';
import { BucketLayoutOptions, bucketLayout, checkLayoutOption, Histogram } from './Histogram';
import { METRIC_OPTIONS, metricOptionNames, MetricOptions } from './Metric';

/** ExponentialHistogramOptions are the options of an ExponentialHistogram; its `start` must be positive. */
export interface ExponentialHistogramOptions<L extends string> extends BucketLayoutOptions<L> {
  /** The ratio between two bucket bounds; must be greater than 1. */
  factor: number;
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
    const start = checkLayoutOption(options.name, 'start', options.start, (v) => v > 0 && v < Infinity, 'a positive number');
    const factor = checkLayoutOption(options.name, 'factor', options.factor, (v) => v > 1 && v < Infinity, 'a number greater than 1');
    super({ ...options, buckets: bucketLayout(options.name, options.count, (i) => start * factor ** i) });
  }
}

// `buckets` is what the constructor hands the Histogram it is; the bounds come from the layout.
metricOptionNames.set(ExponentialHistogram, [
  ...METRIC_OPTIONS,
  ...optionNames<Omit<ExponentialHistogramOptions<string>, keyof MetricOptions<string>>>({ start: true, count: true, factor: true, native: true }),
  'buckets',
]);
