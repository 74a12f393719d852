import type { NativeHistogramOptions } from '../../../lib/metrics/Histogram';

/** The data sets every process records at the default resolution: each stays within 160 buckets at schema 3. */
export const SAME_DATASETS = ['lognormal', 'bimodal'] as const;

/** The data sets recorded at mixed resolutions: wide enough that processes lower their schema. */
export const MIXED_DATASETS = ['signed', 'uniform'] as const;

/** The native options of each process for the mixed histogram: the defaults, a small bucket limit, a coarse factor. */
export const WORKER_OPTIONS: readonly NativeHistogramOptions[] = [{}, { maxBuckets: 40 }, { bucketFactor: 1.5 }];
