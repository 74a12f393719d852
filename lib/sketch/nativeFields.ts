import { encodeField } from '../codec/field';
import { encodeLabels, LabelPairs } from '../codec/labels';
import { formatNumber, parseNumber } from '../codec/number';
import { CELL_LABEL, readCellKey, SCHEMA_LABEL, SketchExtension, UNTIL_LABEL, ZERO_THRESHOLD_LABEL } from './fields';

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
  /** 1 for a positive bucket, -1 for a negative one, 0 for the zero count. */
  readonly sign: BucketSign | 0;
  readonly schema: number;
  /** The bucket's index; 0 for the zero count. */
  readonly index: number;
  /** The zero threshold of a zero count; 0 for a bucket. */
  readonly zeroThreshold: number;
}

/** The reason codes of the reader's rules (docs/format.md) that readNativeLabels gives. */
export type NativeLabelsReason = 'invalid-cell' | 'invalid-native-label';

const SCHEMA = /^(?:-[1-4]|[0-8])$/;

/**
 * readNativeLabels reads the reserved labels of a native field of extension
 * `extension` (`p`, `n` or `z`), by the reader's rules (docs/format.md, "The
 * order of the checks"): `invalid-cell` for a `p` or `n` field without a
 * canonical `__cell` key, or a `z` field with one; then
 * `invalid-native-label` for a `__schema` that is not `-4` … `8` as written,
 * an `__until` (native buckets have no window), a `z` field without a
 * `__zero_threshold` that is a finite number from 0 up, or a `p` or `n` field
 * with one. Otherwise the sign, schema, index and zero threshold.
 */
export function readNativeLabels(extension: string, pairs: ReadonlyArray<readonly [string, string]>): NativeLabels | NativeLabelsReason {
  let schemaText: string | undefined;
  let cellText: string | undefined;
  let thresholdText: string | undefined;
  let until = false;
  for (const [name, value] of pairs) {
    if (name === SCHEMA_LABEL) schemaText = value;
    else if (name === CELL_LABEL) cellText = value;
    else if (name === ZERO_THRESHOLD_LABEL) thresholdText = value;
    else if (name === UNTIL_LABEL) until = true;
  }
  const zero = extension === SketchExtension.zero;
  const index = cellText === undefined ? undefined : readCellKey(cellText);
  if (zero ? cellText !== undefined : index === undefined) return 'invalid-cell';
  if (until || schemaText === undefined || !SCHEMA.test(schemaText)) return 'invalid-native-label';
  const schema = Number(schemaText);
  if (!zero) {
    if (thresholdText !== undefined) return 'invalid-native-label';
    return { sign: extension === SketchExtension.positive ? 1 : -1, schema, index: index!, zeroThreshold: 0 };
  }
  const threshold = thresholdText === undefined ? undefined : parseNumber(thresholdText);
  if (threshold === undefined || !(threshold >= 0 && threshold < Infinity)) return 'invalid-native-label';
  return { sign: 0, schema, index: 0, zeroThreshold: threshold };
}
