/** The smallest relative accuracy a sketch accepts; below it cell keys would outgrow the cell ordinal space. */
// @ts-nocheck

export const MIN_RELATIVE_ACCURACY = 1e-4;

/**
 * LogMapping maps positive values to the keys of relative-error logarithmic
 * cells, as DDSketch does. With relative accuracy `a`, `gamma = (1 + a) / (1 - a)`
 * and the cell of key `k` holds the values in `(gamma^(k-1), gamma^k]`; the key of
 * a value `v > 0` is `ceil(ln(v) / ln(gamma))`. The value reported for a cell,
 * `(1 + a) * gamma^(k-1)` (which is `2 * gamma^k / (gamma + 1)`), is within
 * relative error `a` of every value in it. Keys are computed in double
 * precision, so a value within a rounding error of a cell bound may land in
 * the neighbouring cell; the error bound then holds to a few units in the last
 * place.
 *
 * The constructor throws a RangeError unless `MIN_RELATIVE_ACCURACY <= a < 1`.
 *
 * @example
 * const m = new LogMapping(0.01);
 * m.key(100);        // 231
 * m.value(m.key(100)); // 100.49…, within 1% of 100
 */
export class LogMapping {
  /** The relative accuracy `a`. */
  readonly relativeAccuracy: number;
  /** The ratio between the bounds of a cell, `(1 + a) / (1 - a)`. */
  readonly gamma: number;
  /** `ln(gamma)`, the divisor of the key formula. */
  readonly lnGamma: number;

  constructor(relativeAccuracy: number) {
    if (
      typeof relativeAccuracy !== 'number' ||
      !(relativeAccuracy >= MIN_RELATIVE_ACCURACY && relativeAccuracy < 1)
    ) {
      throw new RangeError(
        `relative accuracy must be a number from ${MIN_RELATIVE_ACCURACY} to less than 1, got ${String(relativeAccuracy)}`,
      );
    }
    this.relativeAccuracy = relativeAccuracy;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.lnGamma = Math.log(this.gamma);
  }

  /** key returns the key of the cell that holds `v`, `ceil(ln(v) / ln(gamma))`; `v` must be positive and finite. */
  key(v: number): number {
    return Math.ceil(Math.log(v) / this.lnGamma) + 0; // + 0 turns -0 into 0
  }

  /**
   * value returns the value reported for the cell of key `k`,
   * `(1 + a) * gamma^(k-1)`, computed exactly as docs/format.md ("Value of a
   * cell") specifies, so that readers in every language report the same
   * double: the power by `power()` of `gamma` (for `k >= 1`) or of
   * `(1 - a) / (1 + a)` (for `k <= 0`), then kept within
   * `[5e-324, 1.7976931348623157e+308]`.
   */
  value(k: number): number {
    const a = this.relativeAccuracy;
    const g = k >= 1 ? power((1 + a) / (1 - a), k - 1) : power((1 - a) / (1 + a), 1 - k);
    return Math.min(Math.max((1 + a) * g, Number.MIN_VALUE), Number.MAX_VALUE);
  }

  /** lowerBound returns `gamma^(k-1)`, the exclusive lower bound of the cell of key `k`. */
  lowerBound(k: number): number {
    return Math.pow(this.gamma, k - 1);
  }

  /** upperBound returns `gamma^k`, the inclusive upper bound of the cell of key `k`. */
  upperBound(k: number): number {
    return Math.pow(this.gamma, k);
  }
}

/**
 * power returns `x` to the whole power `e >= 0` by binary exponentiation, as
 * docs/format.md specifies it: from the lowest bit of `e` up, multiplying the
 * result by the current square when the bit is set, and squaring only while
 * bits remain. Each step is one double multiplication, so every language
 * gets the same double (`Math.pow` differs from Python's `**` in the last
 * digit, and from platform to platform).
 */
export function power(x: number, e: number): number {
  let r = 1;
  let b = x;
  while (e > 0) {
    if (e % 2 === 1) r *= b;
    e = Math.floor(e / 2);
    if (e > 0) b *= b;
  }
  return r;
}
