import { escapeLabelValue } from '../../codec/labels';
import { formatNumber } from '../../codec/number';
import type { MetricFamily } from '../families';
import { ITEMS_PER_STEP } from '../../util/slices';
import { braced, commonLabelOf, labelPairs } from './text';

/** The Content-Type of the OpenMetrics text format 1.0.0. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** escapeOpenMetricsHelp escapes a help text for OpenMetrics `# HELP`: backslash, line feed and double quote. */
export const escapeOpenMetricsHelp = escapeLabelValue;

/**
 * openMetricsName returns the name of a family as OpenMetrics spells it. A
 * counter's family name has no `_total` suffix (its samples add it back), so
 * the counter `http_requests_total` becomes the family `http_requests` with
 * samples `http_requests_total`, and a counter stored as `jobs` gets samples
 * `jobs_total`. Other types keep their name.
 */
export function openMetricsName(family: Pick<MetricFamily, 'name' | 'type'>): string {
  if (family.type === 'counter' && family.name.endsWith('_total')) return family.name.slice(0, -'_total'.length);
  return family.name;
}

/**
 * renderOpenMetrics renders metric families in the OpenMetrics text format
 * 1.0.0, in the order given, ending with `# EOF`. Counters follow the
 * OpenMetrics `_total` rule (see `openMetricsName`), untyped families are
 * rendered as `unknown`, histogram series list their buckets, `_count` and
 * `_sum`, and summary series their quantiles, `_count` and `_sum`. A family
 * with an empty help text gets no `# HELP` line. What OpenMetrics forbids is
 * left out, so that a conforming parser accepts every output (docs/format.md,
 * "Rendering"): a quantile whose value is negative, and the `_count` and
 * `_sum` of a series whose sum is negative or `NaN` or, for a histogram,
 * that has a negative bucket bound. A family's `commonLabel` is written in
 * every series' labels. It is pure and never throws for valid
 * families.
 *
 * @example
 * const { families } = decodeNamespace(fields);
 * response.setHeader('Content-Type', OPENMETRICS_CONTENT_TYPE);
 * response.end(renderOpenMetrics(families));
 */
export function renderOpenMetrics(families: readonly MetricFamily[]): string {
  let out = '';
  for (const chunk of openMetricsChunks(families)) out += chunk;
  return out;
}

/**
 * samplesAreTextLines tells whether a family's OpenMetrics samples are
 * written exactly as its lines in the Prometheus text format 0.0.4: a
 * gauge's, an untyped family's, and a counter's named `…_total` (a counter
 * named otherwise gets `_total` on its samples).
 */
export function samplesAreTextLines(family: Pick<MetricFamily, 'name' | 'type'>): boolean {
  return family.type === 'gauge' || family.type === 'untyped' || (family.type === 'counter' && openMetricsName(family) + '_total' === family.name);
}

/**
 * openMetricsHeader is the `# HELP` (when the family has a help text) and
 * `# TYPE` lines of a family in OpenMetrics 1.0.0, without the last line
 * feed.
 */
export function openMetricsHeader(family: MetricFamily): string {
  const name = openMetricsName(family);
  const type = `# TYPE ${name} ${family.type === 'untyped' ? 'unknown' : family.type}`;
  return family.help === '' ? type : `# HELP ${name} ${escapeOpenMetricsHelp(family.help)}\n${type}`;
}

/**
 * openMetricsChunks renders metric families as `renderOpenMetrics` does, in
 * chunks of a few hundred series: their concatenation is renderOpenMetrics'
 * text. A server renders a large scrape chunk by chunk between turns of the
 * event loop. With `end` false it leaves out the closing `# EOF` (a server
 * that renders some families otherwise writes it).
 */
export function* openMetricsChunks(families: readonly MetricFamily[], seriesPerChunk = ITEMS_PER_STEP, end = true): Generator<string, void, undefined> {
  let lines: string[] = [];
  let n = 0;
  for (const f of families) {
    const name = openMetricsName(f);
    lines.push(openMetricsHeader(f));
    const common = commonLabelOf(f);
    switch (f.type) {
      case 'histogram':
        for (const s of f.series) {
          const pairs = labelPairs(s.labels, common);
          for (const [le, count] of s.buckets) lines.push(`${name}_bucket${braced(pairs, `le="${formatNumber(le)}"`)} ${formatNumber(count)}`);
          if (s.sum >= 0 && !(s.buckets[0][0] < 0)) {
            lines.push(`${name}_count${braced(pairs)} ${formatNumber(s.count)}`);
            lines.push(`${name}_sum${braced(pairs)} ${formatNumber(s.sum)}`);
          }
          if (++n % seriesPerChunk === 0 && lines.length > 0) {
            yield lines.join('\n') + '\n';
            lines = [];
          }
        }
        break;
      case 'summary':
        for (const s of f.series) {
          const pairs = labelPairs(s.labels, common);
          for (const [q, value] of s.quantiles) {
            if (!(value < 0)) lines.push(`${name}${braced(pairs, `quantile="${formatNumber(q)}"`)} ${formatNumber(value)}`);
          }
          if (s.sum >= 0) {
            lines.push(`${name}_count${braced(pairs)} ${formatNumber(s.count)}`);
            lines.push(`${name}_sum${braced(pairs)} ${formatNumber(s.sum)}`);
          }
          if (++n % seriesPerChunk === 0 && lines.length > 0) {
            yield lines.join('\n') + '\n';
            lines = [];
          }
        }
        break;
      case 'counter':
        for (const s of f.series) {
          lines.push(`${name}_total${braced(labelPairs(s.labels, common))} ${formatNumber(s.value)}`);
          if (++n % seriesPerChunk === 0 && lines.length > 0) {
            yield lines.join('\n') + '\n';
            lines = [];
          }
        }
        break;
      default:
        for (const s of f.series) {
          lines.push(`${name}${braced(labelPairs(s.labels, common))} ${formatNumber(s.value)}`);
          if (++n % seriesPerChunk === 0 && lines.length > 0) {
            yield lines.join('\n') + '\n';
            lines = [];
          }
        }
    }
  }
  if (end) lines.push('# EOF');
  if (lines.length > 0) yield lines.join('\n') + '\n';
}
