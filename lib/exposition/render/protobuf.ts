import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import type { CommonLabel, HistogramSeries, Labels, MetricFamily, NativeBuckets } from '../families';
import { ITEMS_PER_STEP, runSteps, Steps } from '../../util/slices';

/** The Content-Type of the Prometheus protobuf exposition format: length-delimited `io.prometheus.client.MetricFamily` messages. */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

/**
 * The message type of a family, from `metrics.proto` (the subset of
 * prometheus/client_model's file that we write), which sits next to this
 * module and is parsed once, when the module loads. Loading throws when the
 * file is missing, which means a broken install.
 */
const MetricFamilyType: protobuf.Type = protobuf
  .parse(readFileSync(path.join(__dirname, 'metrics.proto'), 'utf8'), { keepCase: false })
  .root.lookupType('io.prometheus.client.MetricFamily');

const TYPE_CODES = { counter: 0, gauge: 1, summary: 2, untyped: 3, histogram: 4 } as const;

/**
 * renderProtobuf renders metric families in the Prometheus protobuf
 * exposition format: one length-delimited `MetricFamily` message per family,
 * in the order given. Counter and gauge families carry their values, untyped
 * ones an `Untyped` value, summaries their quantiles, count and sum;
 * histograms their classic buckets (cumulative, without the `+Inf` bucket,
 * which the count stands for), count and sum, and the native buckets of a
 * series that has them (schema, zero threshold, zero count, spans and
 * deltas). Counts that are not whole numbers go in the `_float` fields. A
 * family with an empty help text gets none; a family's `commonLabel` is
 * written among every series' labels. It is pure and never throws for
 * valid families.
 *
 * @example
 * response.setHeader('Content-Type', PROTOBUF_CONTENT_TYPE);
 * response.end(renderProtobuf(families));
 */
export function renderProtobuf(families: readonly MetricFamily[]): Uint8Array {
  return Buffer.concat(runSteps(protobufSteps(families)));
}

/**
 * @internal protobufSteps is `renderProtobuf` as steps (see
 * lib/util/slices.ts) that return the bytes in pieces, whose concatenation
 * is renderProtobuf's: a server renders a large scrape between turns of the
 * event loop. A family's message is written a few hundred series at a time:
 * its name, help and type, then its series (field 4, repeated), each part
 * encoded on its own; the encoder writes fields in the order of their
 * numbers, so the parts are the message's bytes, and its length prefix is
 * written once they are all known.
 */
export function* protobufSteps(families: readonly MetricFamily[], seriesPerChunk = ITEMS_PER_STEP): Steps<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const f of families) {
    const header: Record<string, unknown> = { name: f.name, type: TYPE_CODES[f.type] };
    if (f.help !== '') header.help = f.help;
    const parts = [MetricFamilyType.encode(header).finish()];
    const common = f.commonLabel;
    for (let from = 0; from < f.series.length; from += seriesPerChunk) {
      const metric: object[] = [];
      const to = Math.min(f.series.length, from + seriesPerChunk);
      switch (f.type) {
        case 'histogram':
          for (let i = from; i < to; i++) metric.push({ label: labelPairs(f.series[i].labels, common), histogram: histogram(f.series[i]) });
          break;
        case 'summary':
          for (let i = from; i < to; i++) {
            const s = f.series[i];
            metric.push({
              label: labelPairs(s.labels, common),
              summary: { ...countOf(s.count, 'sampleCount'), sampleSum: s.sum, quantile: s.quantiles.map(([quantile, value]) => ({ quantile, value })) },
            });
          }
          break;
        default:
          for (let i = from; i < to; i++) metric.push({ label: labelPairs(f.series[i].labels, common), [f.type]: { value: f.series[i].value } });
      }
      parts.push(MetricFamilyType.encode({ metric }).finish());
      yield;
    }
    let length = 0;
    for (const p of parts) length += p.length;
    out.push(protobuf.Writer.create().uint32(length).finish());
    for (const p of parts) out.push(p);
  }
  return out;
}

/** labelPairs lists the label pairs of a series, with the family's common label in name order among them. */
function labelPairs(labels: Labels, common: CommonLabel | undefined): object[] {
  const out = labels.map(([name, value]) => ({ name, value }));
  if (common !== undefined) {
    let i = 0;
    while (i < labels.length && !(common[0] < labels[i][0])) i++;
    out.splice(i, 0, { name: common[0], value: common[1] });
  }
  return out;
}

/** countOf puts a count in the integer field `field`, or in `<field>Float` when it is not a whole number the integer field can carry. */
function countOf(count: number, field: string): Record<string, number> {
  return Number.isSafeInteger(count) && count >= 0 ? { [field]: count } : { [field + 'Float']: count };
}

function histogram(s: HistogramSeries): Record<string, unknown> {
  const bucket: object[] = [];
  for (const [le, count] of s.buckets) {
    if (le === Infinity) continue;
    bucket.push({ upperBound: le, ...countOf(count, 'cumulativeCount') });
  }
  const out: Record<string, unknown> = { ...countOf(s.count, 'sampleCount'), sampleSum: s.sum, bucket };
  if (s.native !== undefined) Object.assign(out, nativeFields(s.native));
  return out;
}

/** nativeFields writes native buckets as spans of consecutive indexes and deltas of counts (or absolute counts when some are not whole). */
function nativeFields(n: NativeBuckets): Record<string, unknown> {
  const whole = [...n.positive, ...n.negative].every(([, c]) => Number.isSafeInteger(c) && c >= 0);
  const out: Record<string, unknown> = { schema: n.schema, zeroThreshold: n.zeroThreshold, ...countOf(n.zeroCount, 'zeroCount') };
  for (const [side, buckets] of [['positive', n.positive], ['negative', n.negative]] as const) {
    const span: Array<{ offset: number; length: number }> = [];
    const counts: number[] = [];
    let next = 0;
    let previous = 0;
    for (const [index, count] of buckets) {
      if (span.length > 0 && index === next) span[span.length - 1].length++;
      else span.push({ offset: span.length === 0 ? index : index - next, length: 1 });
      next = index + 1;
      counts.push(whole ? count - previous : count);
      previous = count;
    }
    out[side + 'Span'] = span;
    out[side + (whole ? 'Delta' : 'Count')] = counts;
  }
  if (n.positive.length === 0 && n.negative.length === 0 && n.zeroThreshold === 0 && n.zeroCount === 0) {
    out.positiveSpan = [{ offset: 0, length: 0 }];
  }
  return out;
}
