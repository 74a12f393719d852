import { escapeLabelValue, escapeText } from '../../codec/labels';
import { formatNumber } from '../../codec/number';
import type { FamilyType, HistogramSeries, Labels, MetricFamily, SummarySeries } from '../families';
import { ITEMS_PER_STEP } from '../../util/slices';

/** escapeHelp escapes a help text for `# HELP`: backslash as `\\`, line feed as `\n`. */
export const escapeHelp = escapeText;

/** formatLabels renders label pairs as `{a="x",b="y"}`, with `extra` appended; empty when there are none. */
export function formatLabels(labels: Labels, extra?: readonly [string, string]): string {
  return braced(labelPairs(labels), extra === undefined ? undefined : extra[0] + '="' + escapeLabelValue(extra[1]) + '"');
}

/**
 * labelPairs writes label pairs as they stand between the braces of a sample
 * line, `a="x",b="y"`, values escaped, with the family's common label
 * (`commonLabelOf`) in name order among them. A renderer writes them once per
 * series and reuses them for every line of the series.
 */
export function labelPairs(labels: Labels, common?: WrittenLabel): string {
  let out = '';
  let pending = common;
  for (let i = 0; i < labels.length; i++) {
    const pair = labels[i];
    if (pending !== undefined && pending.name < pair[0]) {
      out += (out === '' ? '' : ',') + pending.text;
      pending = undefined;
    }
    if (out !== '') out += ',';
    out += pair[0] + '="' + escapeLabelValue(pair[1]) + '"';
  }
  if (pending !== undefined) out += (out === '' ? '' : ',') + pending.text;
  return out;
}

/** A family's common label as written between braces, `name="value"`, with its name. */
export interface WrittenLabel {
  readonly name: string;
  readonly text: string;
}

/** commonLabelOf writes the common label of a family (see MetricFamily) once, for labelPairs; undefined when it has none. */
export function commonLabelOf(family: MetricFamily): WrittenLabel | undefined {
  const common = family.commonLabel;
  return common === undefined ? undefined : { name: common[0], text: common[0] + '="' + escapeLabelValue(common[1]) + '"' };
}

/** braced puts the label pairs of labelPairs in braces, with `extra` (one more pair, written) appended; empty when there are none. */
export function braced(pairs: string, extra?: string): string {
  if (extra !== undefined) return '{' + (pairs === '' ? '' : pairs + ',') + extra + '}';
  return pairs === '' ? '' : '{' + pairs + '}';
}

/**
 * histogramSeriesText is the lines of one histogram series in the Prometheus
 * text format 0.0.4: its buckets (`le` last among the labels), then `_sum`
 * and `_count`. `pairs` are its label pairs as labelPairs writes them.
 */
export function histogramSeriesText(name: string, pairs: string, s: HistogramSeries): string {
  let out = '';
  for (const [le, count] of s.buckets) {
    out += `${name}_bucket${braced(pairs, `le="${formatNumber(le)}"`)} ${formatNumber(count)}\n`;
  }
  out += `${name}_sum${braced(pairs)} ${formatNumber(s.sum)}\n`;
  out += `${name}_count${braced(pairs)} ${formatNumber(s.count)}\n`;
  return out;
}

/**
 * summarySeriesText is the lines of one summary series in the Prometheus
 * text format 0.0.4: its quantiles (`quantile` last among the labels), then
 * `_sum` and `_count`. `pairs` are its label pairs as labelPairs writes them.
 */
export function summarySeriesText(name: string, pairs: string, s: SummarySeries): string {
  let out = '';
  for (const [q, value] of s.quantiles) {
    out += `${name}${braced(pairs, `quantile="${formatNumber(q)}"`)} ${formatNumber(value)}\n`;
  }
  out += `${name}_sum${braced(pairs)} ${formatNumber(s.sum)}\n`;
  out += `${name}_count${braced(pairs)} ${formatNumber(s.count)}\n`;
  return out;
}

/** familyHeader is the `# HELP` and `# TYPE` lines of a family in the Prometheus text format 0.0.4. */
export function familyHeader(name: string, help: string, type: FamilyType): string {
  return '# HELP ' + name + ' ' + escapeHelp(help) + '\n# TYPE ' + name + ' ' + type + '\n';
}

/**
 * renderText renders metric families in the Prometheus text format 0.0.4, in
 * the order given: `# HELP` and `# TYPE` once per family, then its samples.
 * Histogram series list their buckets (`le` last among the labels), then
 * `_sum` and `_count`; summary series their quantiles, then `_sum` and `_count`.
 * A family's `commonLabel` is written in every series' labels. It is pure: the text depends on nothing but the families given, so it
 * builds every line. To render a namespace as read, `ExpositionClient.expose()`
 * is faster: it copies the sample lines the reader kept from the fields.
 */
export function renderText(families: readonly MetricFamily[]): string {
  let out = '';
  for (const chunk of textChunks(families)) out += chunk;
  return out;
}

/**
 * textChunks renders metric families as `renderText` does, in chunks of a
 * few hundred series: their concatenation is renderText's text. A server
 * renders a large scrape chunk by chunk between turns of the event loop.
 */
export function* textChunks(families: readonly MetricFamily[], seriesPerChunk = ITEMS_PER_STEP): Generator<string, void, undefined> {
  let out = '';
  let n = 0;
  for (const f of families) {
    out += familyHeader(f.name, f.help, f.type);
    const common = commonLabelOf(f);
    switch (f.type) {
      case 'histogram':
        for (const s of f.series) {
          out += histogramSeriesText(f.name, labelPairs(s.labels, common), s);
          if (++n % seriesPerChunk === 0) {
            yield out;
            out = '';
          }
        }
        break;
      case 'summary':
        for (const s of f.series) {
          out += summarySeriesText(f.name, labelPairs(s.labels, common), s);
          if (++n % seriesPerChunk === 0) {
            yield out;
            out = '';
          }
        }
        break;
      default:
        for (const s of f.series) {
          out += f.name + braced(labelPairs(s.labels, common)) + ' ' + formatNumber(s.value) + '\n';
          if (++n % seriesPerChunk === 0) {
            yield out;
            out = '';
          }
        }
    }
  }
  if (out !== '') yield out;
}

/** The Content-Type of the Prometheus text format 0.0.4. */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
