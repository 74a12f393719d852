import { encodeField } from '../codec/field';
import { encodeLabels, LabelPairs } from '../codec/labels';
import { formatNumber, parseNumber } from '../codec/number';
import { CELL_LABEL, readCellKey, SCHEMA_LABEL, SketchExtension, UNTIL_LABEL, ZERO_THRESHOLD_LABEL } from './fields';
import { MAX_SCHEMA, MIN_SCHEMA } from './nativeMapping';
import { MAX_KEY } from './ordinal';

// The fields of a native histogram's series. Its buckets are counted like the
// cells of a summary sketch, with the same extensions (`p` positive, `n`
// negative, `z` zero) and the same `__cell` label for a bucket's index; each
// field also names the schema it was counted at, and the zero field its zero
// threshold, so that readers can merge fields written at different ones.

/** The sign of a native bucket: 1 for positive values, -1 for negative ones. */
export type BucketSign = 1 | -1;

/**
 * nativeBucketField is the field that counts the values of bucket `index` of
 * sign `sign`, at `schema`, in the series of `pairs` of histogram `name`:
 * `{name}:p:{labels,__cell="<index>",__schema="<schema>"}` (`n` for negative).
 */
export function nativeBucketField(name: string, pairs: LabelPairs, sign: BucketSign, schema: number, index: number): string {
  const extension = sign > 0 ? SketchExtension.positive : SketchExtension.negative;
  return encodeField(name, extension, encodeLabels([...pairs, [CELL_LABEL, String(index)], [SCHEMA_LABEL, String(schema)]]));
}

/**
 * nativeZeroField is the field that counts the values within `threshold` of
 * zero, written at `schema`, in the series of `pairs` of histogram `name`:
 * `{name}:z:{labels,__schema="<schema>",__zero_threshold="<threshold>"}`.
 */
export function nativeZeroField(name: string, pairs: LabelPairs, schema: number, threshold: number): string {
  return encodeField(
    name,
    SketchExtension.zero,
    encodeLabels([...pairs, [SCHEMA_LABEL, String(schema)], [ZERO_THRESHOLD_LABEL, formatNumber(threshold)]]),
  );
}

/** What readNativeLabels finds in the labels of a native field. */
export interface NativeLabels {
  /** The labels of the series: the field's labels without the reserved ones. */
  readonly labels: Array<[string, string]>;
  /** 1 for a positive bucket, -1 for a negative one, 0 for the zero count. */
  readonly sign: BucketSign | 0;
  readonly schema: number;
  /** The bucket's index; 0 for the zero count. */
  readonly index: number;
  /** The zero threshold of a zero count; 0 for a bucket. */
  readonly zeroThreshold: number;
}

const SCHEMA = /^(?:-[1-4]|[0-8])$/;

/**
 * readNativeLabels reads the labels of a native field of extension
 * `extension` (`p`, `n` or `z`): the series' labels, the schema (a whole
 * number from MIN_SCHEMA to MAX_SCHEMA, spelled canonically), no `__until`, and the bucket's index (`__cell`, as
 * for a sketch's cells) or the zero threshold (a number from 0 up, finite).
 * It returns a reason for labels that do not follow the format.
 */
export function readNativeLabels(extension: string, pairs: ReadonlyArray<[string, string]>): NativeLabels | string {
  const labels: Array<[string, string]> = [];
  let schema: number | undefined;
  let index: number | undefined;
  let threshold: number | undefined;
  for (const pair of pairs) {
    if (pair[0] === SCHEMA_LABEL) {
      schema = SCHEMA.test(pair[1]) ? Number(pair[1]) : undefined;
      if (schema === undefined) {
        return `the "${SCHEMA_LABEL}" label must be a whole number from ${MIN_SCHEMA} to ${MAX_SCHEMA}`;
      }
    } else if (pair[0] === CELL_LABEL) {
      index = readCellKey(pair[1]);
      if (index === undefined) return `the "${CELL_LABEL}" label must be a whole number of magnitude below ${MAX_KEY}`;
    } else if (pair[0] === UNTIL_LABEL) {
      return `a native histogram field has no "${UNTIL_LABEL}" label: native buckets have no window`;
    } else if (pair[0] === ZERO_THRESHOLD_LABEL) {
      threshold = parseNumber(pair[1]);
      if (threshold === undefined || !(threshold >= 0 && threshold < Infinity)) {
        return `the "${ZERO_THRESHOLD_LABEL}" label must be a finite number from 0 up`;
      }
    } else {
      labels.push(pair);
    }
  }
  if (schema === undefined) return `a native histogram field needs a "${SCHEMA_LABEL}" label`;
  if (extension === SketchExtension.zero) {
    if (index !== undefined) return `the zero count has no "${CELL_LABEL}" label`;
    if (threshold === undefined) return `the zero count needs a "${ZERO_THRESHOLD_LABEL}" label`;
    return { labels, sign: 0, schema, index: 0, zeroThreshold: threshold };
  }
  if (threshold !== undefined) return `a bucket has no "${ZERO_THRESHOLD_LABEL}" label`;
  if (index === undefined) return `a bucket field needs a "${CELL_LABEL}" label`;
  return { labels, sign: extension === SketchExtension.positive ? 1 : -1, schema, index, zeroThreshold: 0 };
}
