// `instrumentor/format`: the building blocks of the namespace format
// (docs/format.md), for people writing readers, writers and tools. An
// application needs none of them: it uses the main entry.

// Keys and fields
export { namespaceKey, writersKey, seenKey, checkNamespace, encodeField, decodeField, Extension, TypeCode, typeFromCode } from './codec/field';
export type { DecodedField, MetricType } from './codec/field';

// Sharded namespaces: the shard of a field, the keys of a shard
export { shardsKey } from './codec/field';
export { shardOf, seriesKey, shardName, fnv1a32, MAX_SHARDS } from './codec/shard';
export { encodeLabels, decodeLabels, escapeLabelValue } from './codec/labels';
export type { LabelPairs } from './codec/labels';
export { formatNumber, parseNumber } from './codec/number';

// The writes of a batch, as the flush script reads them
export { Op, encodeOps, decodeOps } from './codec/ops';
export type { BatchOps } from './codec/ops';
export type { OpRecord } from './codec/ops';

// The summary sketch's fields
export { SketchExtension, CELL_LABEL, UNTIL_LABEL } from './sketch/fields';

// Native histograms: buckets of a value, their merging, their fields
export { MIN_SCHEMA, MAX_SCHEMA, schemaForFactor, nativeIndex, reduceIndex, upperBound } from './sketch/nativeMapping';
export { SCHEMA_LABEL, ZERO_THRESHOLD_LABEL } from './sketch/fields';
export { nativeBucketField, nativeZeroField, readNativeLabels } from './sketch/nativeFields';
export type { BucketSign, NativeLabels } from './sketch/nativeFields';

// Reading a namespace and rendering it
export { decodeNamespace } from './exposition/decode/decodeNamespace';
export type { DecodedNamespace } from './exposition/decode/NamespaceDecoder';
export type { SkippedField } from './exposition/decode/samples';
export { SKIP_REASONS } from './exposition/decode/skipReasons';
export type { SkipReason } from './exposition/decode/skipReasons';
export { DEFAULT_READER_LIMITS } from './exposition/decode/ReaderLimits';
export type { ReaderLimits } from './exposition/decode/ReaderLimits';
export type { CommonLabel, FamilyType, HistogramSeries, Labels, MetricFamily, NativeBuckets, SummarySeries, ValueSeries } from './exposition/families';
export { renderText, TEXT_CONTENT_TYPE } from './exposition/render/text';
export { renderOpenMetrics, OPENMETRICS_CONTENT_TYPE } from './exposition/render/openmetrics';
export { renderProtobuf, PROTOBUF_CONTENT_TYPE } from './exposition/render/protobuf';
