export { Counter } from './metrics/Counter';
export type { BoundCounter, CounterOptions } from './metrics/Counter';
export { Gauge } from './metrics/Gauge';
export type { BoundGauge, GaugeOptions } from './metrics/Gauge';
export { Histogram, DEFAULT_BUCKETS } from './metrics/Histogram';
export type { BoundHistogram, HistogramOptions } from './metrics/Histogram';
export { LinearHistogram } from './metrics/LinearHistogram';
export type { LinearHistogramOptions } from './metrics/LinearHistogram';
export { ExponentialHistogram } from './metrics/ExponentialHistogram';
export type { ExponentialHistogramOptions } from './metrics/ExponentialHistogram';
export { Summary, DEFAULT_QUANTILES } from './metrics/Summary';
export type { BoundSummary, SummaryOptions } from './metrics/Summary';
export { Metric } from './metrics/Metric';
export type { LabelValue, LabelValues, MetricOptions } from './metrics/Metric';

export { CollectorRegistry } from './registry/CollectorRegistry';
export type { CollectorRegistryOptions } from './registry/CollectorRegistry';
export type { RedisInput, RedisLike } from './store/connection';
export { RedisStore } from './store/RedisStore';
export { MemoryStore } from './store/MemoryStore';
export type { Store, WriteBatch, BatchResult } from './store/Store';
export type { StoreOptions } from './store/resolveStore';

export { ExpositionClient } from './exposition/ExpositionClient';
export type { ExpositionClientOptions } from './exposition/ExpositionClient';
export { decodeNamespace } from './exposition/decode';
export type { DecodedNamespace, SkippedField } from './exposition/decode';
export { renderText, TEXT_CONTENT_TYPE } from './exposition/render';
export type { MetricFamily, HistogramSeries, SummarySeries, ValueSeries } from './exposition/families';

export { encodeField, decodeField, namespaceKey, Extension, TypeCode } from './codec/field';
export type { MetricType, DecodedField } from './codec/field';
export { encodeLabels, decodeLabels, escapeLabelValue } from './codec/labels';
export { formatNumber, parseNumber } from './codec/number';

export { AlreadyRegisteredError } from './errors/AlreadyRegisteredError';
export { FlushError } from './errors/FlushError';
export { InvalidFieldError } from './errors/InvalidFieldError';
