import { MAX_FIELD_BYTES } from '../../codec/field';

/**
 * ReaderLimits bound what a reader does with the fields of a namespace,
 * whatever a writer put in them (docs/format.md, "Limits"). The defaults are
 * far above what any honest writer produces.
 */
export interface ReaderLimits {
  /**
   * The longest field read, in bytes of its UTF-8 text; a longer one is
   * skipped (`field-too-long`).
   * @default 16384
   */
  readonly maxFieldBytes?: number;
  /**
   * The longest value read, in bytes of its UTF-8 text; a longer one is
   * skipped (`value-too-long`). Redis's longest number is about 4,950 bytes.
   * @default 65536
   */
  readonly maxValueBytes?: number;
  /**
   * The most finite bucket bounds of one histogram series: the lowest are
   * kept, the fields of the others skipped (`too-many-buckets`).
   * @default 10000
   */
  readonly maxBucketsPerSeries?: number;
  /**
   * The most quantiles of one summary family: the lowest are kept, the
   * fields of the others skipped (`too-many-quantiles`).
   * @default 64
   */
  readonly maxQuantilesPerFamily?: number;
}

/** The default limits of docs/format.md. */
export const DEFAULT_READER_LIMITS: Required<ReaderLimits> = Object.freeze({
  maxFieldBytes: MAX_FIELD_BYTES,
  maxValueBytes: 65536,
  maxBucketsPerSeries: 10000,
  maxQuantilesPerFamily: 64,
});

/**
 * resolveReaderLimits fills in the defaults of the limits not given. It
 * throws a RangeError naming the limit when one is not a whole number >= 1.
 */
export function resolveReaderLimits(limits: ReaderLimits | undefined): Required<ReaderLimits> {
  if (limits === undefined) return DEFAULT_READER_LIMITS;
  const out = { ...DEFAULT_READER_LIMITS };
  for (const key of Object.keys(DEFAULT_READER_LIMITS) as Array<keyof ReaderLimits>) {
    const v = limits[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`limits.${key} must be a whole number >= 1, got ${String(v)}`);
    out[key] = v;
  }
  return out;
}

/** utf8Longer tells whether the UTF-8 text of `s` is longer than `max` bytes (counting only when it may be). */
export function utf8Longer(s: string, max: number): boolean {
  if (s.length * 3 <= max) return false;
  if (s.length > max) return true;
  return Buffer.byteLength(s, 'utf8') > max;
}
