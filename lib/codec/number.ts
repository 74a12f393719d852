/**
 * formatNumber spells a number the one canonical way every writer of the
 * namespace hash uses: ECMAScript's shortest round-trip decimal (`0.1`, `5`,
 * `1e-7`, `1e+21`), `+Inf`, `-Inf` and `NaN` for the non-finite values, and `0`
 * for negative zero. Bucket bounds (`le`) and quantiles (`quantile`) are spelled
 * this way so that every process writes the same field.
 */
export function formatNumber(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n !== n) return 'NaN';
  if (n === 0) return '0';
  return String(n);
}

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * parseNumber reads a number written by formatNumber, by Redis or by another
 * client. Redis 7 writes HINCRBYFLOAT sums in plain notation with at most 17
 * digits after the point (`3`, `0.3` for 0.1 + 0.2, `1500000000000000000000`
 * for 1.5e21, `46235.31790000000000163`); an increment far below the value's
 * magnitude, or below 5e-18 on a field near zero, is lost (`inc(1e-20)` on a
 * new field stores `0`). See docs/format.md, "Numbers". It accepts `+Inf`,
 * `-Inf`, `Inf`, `inf` and `NaN` in any letter case, and also `Infinity`,
 * which the format's number grammar refuses, and returns `undefined` for
 * anything else.
 */
export function parseNumber(text: string): number | undefined {
  if (FLOAT.test(text)) return Number(text);
  switch (text.toLowerCase()) {
    case '+inf':
    case 'inf':
    case '+infinity':
    case 'infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    case 'nan':
      return NaN;
    default:
      return undefined;
  }
}
