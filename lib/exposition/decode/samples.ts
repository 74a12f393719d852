import { encodeLabels } from '../../codec/labels';
import type { Labels } from '../families';
import type { SkipReason } from './skipReasons';

/** A field the decoder skipped, its value, and the reason code (docs/format.md, "The order of the checks"). */
export interface SkippedField {
  readonly field: string;
  readonly value: string;
  readonly reason: SkipReason;
}

/** One data field of a family, split and with its value parsed: what the assemblers read. */
export interface RawSample {
  readonly field: string;
  readonly extension: string;
  /** Every label of the field, reserved ones included, in the order written. */
  readonly labels: Array<[string, string]>;
  /** The labels part as written. */
  readonly labelsText: string;
  readonly value: number;
  readonly text: string;
  /** The field's labels part is exactly what encodeLabels writes for `labels`. */
  readonly canonical?: boolean;
}

/** Skip reports a sample that an assembler cannot use, with the reason code. */
export type Skip = (sample: RawSample, reason: SkipReason) => void;

/**
 * @internal An Assembly is what an assembler reports besides its series:
 * the samples it skipped (through `skip`) and, when asked, used, and whether it added two
 * fields into one value (then the order of the fields matters: the decoder
 * assembles again from the samples sorted by field, see docs/format.md,
 * "Series and merging").
 */
export interface Assembly {
  readonly skip: Skip;
  /** Where to list the samples used, when someone needs them (a family left out for a name collision reports them). */
  readonly used: RawSample[] | undefined;
  merged: boolean;
}

/** The labels that are not part of a series: a bucket's bound, a quantile, a cell's key and window, a native bucket's schema and zero threshold. */
const NOT_SERIES: ReadonlySet<string> = new Set(['le', 'quantile', '__cell', '__until', '__schema', '__zero_threshold']);

/**
 * The series labels and labels key of each labels array met. A reader that
 * remembers how fields split gives a field the same (read-only) labels array
 * on every read, so a bucket, quantile or cell field finds its series without
 * filtering its labels and spelling the key again; an array no field holds
 * any more is forgotten with it.
 */
const SERIES = new WeakMap<Labels, { readonly labels: Labels; readonly key: string }>();

/** seriesLabels returns the labels of the series of a sample: its labels without `le`, `quantile`, `__cell`, `__until`, `__schema`, `__zero_threshold` and empty values. */
export function seriesLabels(s: RawSample): Labels {
  if (s.canonical === true && (s.extension === '' || s.extension === 's' || s.extension === 'c')) return s.labels;
  let known = SERIES.get(s.labels);
  if (known === undefined) {
    const labels = s.labels.filter((p) => p[1] !== '' && !NOT_SERIES.has(p[0]));
    SERIES.set(s.labels, (known = { labels, key: encodeLabels(labels) }));
  }
  return known.labels;
}

/** seriesKey returns the labels key of a sample's series: its series labels (as seriesLabels gave them) spelled as a labels part. */
export function seriesKey(s: RawSample, labels: Labels): string {
  if (labels === s.labels && s.canonical === true) return s.labelsText;
  const known = SERIES.get(s.labels);
  return known !== undefined && known.labels === labels ? known.key : encodeLabels(labels);
}

/** label returns the value of the label `name` of a sample, or undefined. */
export function label(s: RawSample, name: string): string | undefined {
  for (const p of s.labels) if (p[0] === name) return p[1];
  return undefined;
}
