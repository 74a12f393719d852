/**
 * The reason codes of the reader's rules (docs/format.md, "The order of the
 * checks"), in the order of the checks: a field is skipped with the code of
 * the first check it fails. Every reader of the format reports these codes.
 */
export const SKIP_REASONS = [
  'field-too-long',
  'value-too-long',
  'invalid-field',
  'invalid-metric-name',
  'unknown-extension',
  'invalid-labels',
  'invalid-label-name',
  'reserved-label-name',
  'misplaced-label',
  'repeated-label',
  'unsorted-labels',
  'unexpected-labels',
  'unknown-type',
  'invalid-value',
  'extension-not-in-type',
  'invalid-counter-value',
  'invalid-bucket-bound',
  'invalid-bucket-value',
  'invalid-sum-value',
  'invalid-count-value',
  'invalid-accuracy',
  'invalid-cell-bound',
  'invalid-quantile',
  'invalid-cell',
  'invalid-until',
  'invalid-native-label',
  'invalid-cell-value',
  'too-many-buckets',
  'too-many-quantiles',
  'name-collision',
] as const;

/** SkipReason is the reason code of a skipped field. */
export type SkipReason = (typeof SKIP_REASONS)[number];

const CODES: ReadonlySet<string> = new Set(SKIP_REASONS);

/** isSkipReason tells whether a string is one of the reason codes. */
export function isSkipReason(s: string): s is SkipReason {
  return CODES.has(s);
}
