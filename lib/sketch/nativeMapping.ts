import { NATIVE_BOUNDS } from './nativeBounds';

// The bucket rules of a native histogram: which bucket of a schema holds a
// value, the bounds of a bucket, and how buckets merge when the schema is
// lowered. The same rules as Prometheus and client_golang, in one place.
//
// At schema `s` (from MIN_SCHEMA to MAX_SCHEMA) every power of two is divided
// into 2^s buckets: with `base = 2^(2^-s)`, positive bucket `i` holds the
// values in `(base^(i-1), base^i]` and negative bucket `i` the values in
// `[-base^i, -base^(i-1))`. Lowering the schema by one merges buckets two by
// two: bucket `i` at `s` is in bucket `ceil(i / 2)` at `s - 1`, exactly, so
// counts written at any schema add up at a lower one.

/** The lowest schema: each bucket spans 2^16 powers of two. */
export const MIN_SCHEMA = -4;
/** The highest schema: each power of two is divided into 256 buckets. */
export const MAX_SCHEMA = 8;

/**
 * schemaForFactor returns the schema of a native histogram whose bucket
 * bounds grow by at most `factor` from one bucket to the next, as
 * client_golang picks it: the highest schema whose `base` is at most
 * `factor`, kept between MIN_SCHEMA and MAX_SCHEMA. 1.1 gives 3
 * (`base = 2^(1/8) ≈ 1.09`). `factor` must be greater than 1.
 */
export function schemaForFactor(factor: number): number {
  const floor = Math.floor(Math.log2(Math.log2(factor)));
  return Math.min(MAX_SCHEMA, Math.max(MIN_SCHEMA, -floor)) + 0; // + 0 turns -0 into 0
}

// frexp with exact bit arithmetic: a double's exponent and mantissa read from its bits.
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // the word with the sign and exponent bits

/**
 * nativeIndex returns the index of the bucket that holds `v` at `schema`; `v`
 * must be positive and finite (the bucket of a negative value is that of its
 * absolute value). It reads the exponent and mantissa from the bits of `v`
 * (frexp: `v = frac * 2^exp` with `frac` in `[0.5, 1)`), exactly, then finds
 * `frac` among the bounds of the schema (NATIVE_BOUNDS), as client_golang
 * does, so that both put every value in the same bucket.
 *
 * @example
 * nativeIndex(3, 1);   // 0: bucket (0.5, 1]
 * nativeIndex(3, 1.1); // 2: bucket (2^(1/8), 2^(2/8)]
 */
export function nativeIndex(schema: number, v: number): number {
  float[0] = v;
  let hi = words[HI];
  let exp = (hi >>> 20) & 0x7ff;
  if (exp === 0) {
    // subnormal: scale into the normal range first
    float[0] = v * 2 ** 64;
    hi = words[HI];
    exp = ((hi >>> 20) & 0x7ff) - 64;
  }
  exp -= 1022;
  words[HI] = (hi & 0x800fffff) | 0x3fe00000;
  const frac = float[0];
  if (schema > 0) {
    const bounds = NATIVE_BOUNDS[schema];
    let lo = 0;
    let up = bounds.length;
    while (lo < up) {
      const mid = (lo + up) >>> 1;
      if (bounds[mid] < frac) lo = mid + 1;
      else up = mid;
    }
    return lo + (exp - 1) * bounds.length;
  }
  const key = frac === 0.5 ? exp - 1 : exp;
  return (key + (1 << -schema) - 1) >> -schema;
}

/**
 * reduceIndex returns the index at schema `s - by` of the bucket that holds
 * bucket `index` of schema `s`: `ceil(index / 2^by)`.
 */
export function reduceIndex(index: number, by: number): number {
  return ((index - 1) >> by) + 1;
}

/** upperBound returns the upper bound of positive bucket `index` at `schema`, `2^(index / 2^schema)`, as the bounds of client_golang give it. */
export function upperBound(schema: number, index: number): number {
  if (schema <= 0) return Math.pow(2, index * 2 ** -schema);
  const bounds = NATIVE_BOUNDS[schema];
  const n = bounds.length;
  const j = ((index % n) + n) % n;
  return bounds[j] * 2 * Math.pow(2, (index - j) / n);
}
