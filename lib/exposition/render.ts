import { escapeLabelValue, escapeText } from '../codec/labels';
import { formatNumber } from '../codec/number';
import type { Labels, MetricFamily } from './families';
import { LinedSeries } from './LinedSeries';

/** escapeHelp escapes a help text for `# HELP`: backslash as `\\`, line feed as `\n`. */
export const escapeHelp = escapeText;

/**
 * @internal LABELS_TEXT keys, on a labels array made by the decoder, what
 * formatLabels writes for it without `extra` (`{a="x",b="y"}`, or nothing
 * for no labels), taken from the field the labels were read from when that
 * field spells them exactly so (no empty values, nothing to escape), so that
 * rendering can copy it instead of building it again.
 */
export const LABELS_TEXT: unique symbol = Symbol('labelsText');

/** formatLabels renders label pairs as `{a="x",b="y"}`, with `extra` appended; empty when there are none. */
export function formatLabels(labels: Labels, extra?: readonly [string, string]): string {
  if (extra === undefined) {
    const text = (labels as { [LABELS_TEXT]?: string })[LABELS_TEXT];
    if (text !== undefined) return text;
  }
  let out = '';
  for (const [name, value] of labels) {
    if (out !== '') out += ',';
    out += name + '="' + escapeLabelValue(value) + '"';
  }
  if (extra !== undefined) {
    if (out !== '') out += ',';
    out += extra[0] + '="' + escapeLabelValue(extra[1]) + '"';
  }
  return out === '' ? '' : '{' + out + '}';
}

/**
 * renderText renders metric families in the Prometheus text format 0.0.4, in
 * the order given: `# HELP` and `# TYPE` once per family, then its samples.
 * Histogram series list their buckets (`le` last among the labels), then
 * `_sum` and `_count`; summary series their quantiles, then `_sum` and `_count`.
 */
export function renderText(families: readonly MetricFamily[]): string {
  let out = '';
  for (const f of families) {
    out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
    switch (f.type) {
      case 'histogram':
        for (const s of f.series) {
          for (const [le, count] of s.buckets) {
            out += `${f.name}_bucket${formatLabels(s.labels, ['le', formatNumber(le)])} ${formatNumber(count)}\n`;
          }
          out += `${f.name}_sum${formatLabels(s.labels)} ${formatNumber(s.sum)}\n`;
          out += `${f.name}_count${formatLabels(s.labels)} ${formatNumber(s.count)}\n`;
        }
        break;
      case 'summary':
        for (const s of f.series) {
          for (const [q, value] of s.quantiles) {
            out += `${f.name}${formatLabels(s.labels, ['quantile', formatNumber(q)])} ${formatNumber(value)}\n`;
          }
          out += `${f.name}_sum${formatLabels(s.labels)} ${formatNumber(s.sum)}\n`;
          out += `${f.name}_count${formatLabels(s.labels)} ${formatNumber(s.count)}\n`;
        }
        break;
      default:
        for (const s of f.series) out += LinedSeries.lineOf(s, f.name) ?? `${f.name}${formatLabels(s.labels)} ${formatNumber(s.value)}\n`;
    }
  }
  return out;
}

/** The Content-Type of the Prometheus text format 0.0.4. */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
