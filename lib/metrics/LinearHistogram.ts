import { optionNames } from '../util/checkOptionNames';
import { BucketLayoutOptions, bucketLayout, checkLayoutOption, Histogram } from './Histogram';
import { METRIC_OPTIONS, metricOptionNames, MetricOptions } from './Metric';

/** LinearHistogramOptions are the options of a LinearHistogram. */
export interface LinearHistogramOptions<L extends string> extends BucketLayoutOptions<L> {
  /** The distance between two bucket bounds; must be positive. */
  width: number;
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
    const start = checkLayoutOption(options.name, 'start', options.start, Number.isFinite, 'a finite number');
    const width = checkLayoutOption(options.name, 'width', options.width, (v) => v > 0 && v < Infinity, 'a positive number');
    super({ ...options, buckets: bucketLayout(options.name, options.count, (i) => start + i * width) });
  }
}

// `buckets` is what the constructor hands the Histogram it is; the bounds come from the layout.
metricOptionNames.set(LinearHistogram, [
  ...METRIC_OPTIONS,
  ...optionNames<Omit<LinearHistogramOptions<string>, keyof MetricOptions<string>>>({ start: true, count: true, width: true, native: true }),
  'buckets',
]);
