// The main entry: what an application uses to record, flush and expose its
// metrics. The format's building blocks, for readers and tools, are in
// `instrumentor/format` (lib/format.ts); the framework integrations in
// `instrumentor/express`, `/fastify`, `/koa`, `/nest` and `/bullmq`.

// Metrics
export { Counter } from './metrics/Counter';
export type { BoundCounter, CounterOptions } from './metrics/Counter';
export { Gauge } from './metrics/Gauge';
export { collectDefaultMetrics } from './runtime/collectDefaultMetrics';
export type { DefaultMetrics, DefaultMetricsOptions } from './runtime/collectDefaultMetrics';
export type { BoundGauge, GaugeAggregate, GaugeOptions } from './metrics/Gauge';
export { Histogram, DEFAULT_BUCKETS } from './metrics/Histogram';
export type { BoundHistogram, BucketLayoutOptions, HistogramOptions, NativeHistogramOptions } from './metrics/Histogram';
export type { NativeLayout } from './sketch/NativeBucketCounts';
export { LinearHistogram } from './metrics/LinearHistogram';
export type { LinearHistogramOptions } from './metrics/LinearHistogram';
export { ExponentialHistogram } from './metrics/ExponentialHistogram';
export type { ExponentialHistogramOptions } from './metrics/ExponentialHistogram';
export { Summary, DEFAULT_QUANTILES } from './metrics/Summary';
export type { BoundSummary, SummaryOptions } from './metrics/Summary';
export { Metric } from './metrics/Metric';
export type { LabelValue, LabelValues, MetricOptions, SeriesBase } from './metrics/Metric';
export type { MetricType } from './codec/field';

// Decorators and their plain-function twins
export { count, counted } from './instrument/count';
export type { CountDecorator } from './instrument/count';
export { time } from './instrument/time';
export type { TimeDecorator } from './instrument/time';
export { timer, Timer } from './instrument/timer';
export { timed } from './instrument/timed';
export { track, tracked } from './instrument/gaugeTrack';
export type { TrackDecorator } from './instrument/gaugeTrack';
export type { MethodDecorator } from './instrument/decoratorKinds';
export type { CallEnd, CountOptions, InstrumentLabels, Outcome, RecordOptions, TimeOptions, TimerOptions, TrackOptions } from './instrument/options';
export type { Countable, Observer } from './instrument/targets';
export { getInstrumentedMethods } from './instrument/metadata';
export type { AnyClass, DecoratorKind, InstrumentationRecord, InstrumentedMethod, InstrumentedMethodStatus } from './instrument/metadata';

// The registry, where metrics are flushed from, and the stores
export { CollectorRegistry } from './registry/CollectorRegistry';
export type { CollectorRegistryOptions, RegistryStatus } from './registry/CollectorRegistry';
export { flushOnExit } from './registry/shutdown';
export type { FlushOnExitOptions } from './registry/shutdown';
export type { DropReason } from './registry/selfMetrics';
export { RedisStore } from './store/RedisStore';
export { MemoryStore } from './store/MemoryStore';
export type { ClusterSeeds, RedisInput, RedisLike } from './store/RedisConnection';
export { topologyInput } from './store/redisTopology';
export type { ReadFrom, RedisTopology } from './store/redisTopology';
export type { Store, WriteBatch, BatchResult } from './store/Store';
export type { BatchOps } from './codec/ops';
export type { StoreOptions } from './store/resolveStore';
export { redisTlsOptions } from './store/redisTls';
export type { RedisTlsSettings } from './store/redisTls';
export { aclRules, ACL_COMMANDS } from './store/acl';
export type { AclRole } from './store/acl';

// Maintaining a namespace
export { deleteExpiredCells } from './maintenance/deleteExpiredCells';
export type { DeleteExpiredCellsOptions } from './maintenance/deleteExpiredCells';

// Exposition: in the application, or in a server
export { ExpositionClient } from './exposition/ExpositionClient';
export type { ExpositionClientOptions } from './exposition/ExpositionClient';
export type { DecodedNamespace } from './exposition/decode/NamespaceDecoder';
export type { SkippedField } from './exposition/decode/samples';
export type { SkipReason } from './exposition/decode/skipReasons';
export type { ReaderLimits } from './exposition/decode/ReaderLimits';
export type { CommonLabel, FamilyType, HistogramSeries, Labels, MetricFamily, NativeBuckets, SummarySeries, ValueSeries } from './exposition/families';
export { TEXT_CONTENT_TYPE } from './exposition/render/text';
export { OPENMETRICS_CONTENT_TYPE } from './exposition/render/openmetrics';
export { PROTOBUF_CONTENT_TYPE } from './exposition/render/protobuf';
export { ExpositionServer } from './server/ExpositionServer';
export type { ExpositionServerOptions } from './server/ExpositionServer';
export { createMetricsHandler } from './server/createMetricsHandler';
export type { MetricsHandler, MetricsHandlerOptions, Health } from './server/createMetricsHandler';
export type { NamespaceReader } from './server/NamespaceReader';
export type { AuthOptions } from './server/authorize';
export type { Authenticator } from './server/Authenticator';
export { BasicAuthUsers } from './server/BasicAuthUsers';
export type { BasicAuthUsersOptions } from './server/BasicAuthUsers';
export type { ExpositionFormat } from './server/negotiate';
export type { Logger } from './server/logger';
export type { ServerConfig } from './server/config';

// Errors
export { AlreadyRegisteredError } from './errors/AlreadyRegisteredError';
export { NameCollisionError } from './errors/NameCollisionError';
export { FlushError } from './errors/FlushError';
export { FlushTimeoutError } from './errors/FlushTimeoutError';
export { NamespaceTypeError } from './errors/NamespaceTypeError';
export { ShardCountError } from './errors/ShardCountError';
export { ShardWriteError } from './errors/ShardWriteError';
export { IncrementError } from './errors/IncrementError';
export { BufferFullError } from './errors/BufferFullError';
export { CardinalityLimitError } from './errors/CardinalityLimitError';
export { FieldTooLongError } from './errors/FieldTooLongError';
export { CollectError } from './errors/CollectError';
export { CloseTimeoutError } from './errors/CloseTimeoutError';
export { RedisUnavailableError } from './errors/RedisUnavailableError';
export { InvalidFieldError } from './errors/InvalidFieldError';
export { ReadTimeoutError } from './errors/ReadTimeoutError';
export { UnknownNamespaceError } from './errors/UnknownNamespaceError';
export { ConfigError } from './errors/ConfigError';
