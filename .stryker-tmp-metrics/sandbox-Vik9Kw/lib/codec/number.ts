/**
 * Numbers in the namespace hash (docs/format.md, "Numbers"). Values are
 * decimal text as Redis `HINCRBYFLOAT` reads and writes it; numbers that are
 * part of a field (a bucket's `le`, a quantile) are spelled one canonical way.
 */
// @ts-nocheck


/**
 * formatNumber spells a number the one canonical way every writer of the
 * namespace hash uses: ECMAScript's shortest round-trip decimal (`0.1`, `5`,
 * `1e-7`, `1e+21`), `+Inf`, `-Inf` and `NaN` for the non-finite values, and `0`
 * for negative zero. Bucket bounds (`le`) and quantiles (`quantile`) are spelled
 * this way so that every process writes the same field, and the renderers
 * spell sample values this way too.
 */
export function formatNumber(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n !== n) return 'NaN';
  if (n === 0) return '0';
  return String(n);
}

// The grammar of a decimal value, piece by piece:
//   decimal  = [sign] (digits ["." [digits]] | "." digits) [exponent]
//   exponent = ("e" | "E") [sign] digits
const SIGN = '[+-]';
const MANTISSA = '(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)';
const EXPONENT = `[eE]${SIGN}?[0-9]+`;
const DECIMAL = new RegExp(`^${SIGN}?${MANTISSA}(?:${EXPONENT})?$`);

/**
 * parseNumber reads a number by the format's number grammar (docs/format.md,
 * "Reader's rules", "Values"): a decimal (`3`, `-0.25`, `.5`, `1.`, `1e-7`,
 * `1500000000000000000000`), `inf` with an optional sign or `nan`, in any
 * letter case. A decimal reads as the nearest double (beyond the largest,
 * an infinity). Redis 7 writes HINCRBYFLOAT sums in plain notation with at
 * most 17 digits after the point (`0.3` for 0.1 + 0.2,
 * `46235.31790000000000163`); an increment far below the value's magnitude,
 * or below 5e-18 on a field near zero, is lost (`inc(1e-20)` on a new field
 * stores `0`). It returns `undefined` for anything else, `Infinity`, `0x10`,
 * ` 1` and the empty text included.
 */
export function parseNumber(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  switch (text.length) {
    case 3:
      if (INFINITY.test(text)) return Infinity;
      return NAN.test(text) ? NaN : undefined;
    case 4:
      if (!INFINITY.test(text)) return undefined;
      return text.charCodeAt(0) === 45 /* - */ ? -Infinity : Infinity;
    default:
      return undefined;
  }
}

const INFINITY = /^[+-]?[iI][nN][fF]$/;
const NAN = /^[nN][aA][nN]$/;

// The canonical plain decimals, piece by piece. Each has at most 15
// significant digits: any two such decimals are different doubles, so each is
// the shortest spelling of its number; none has a leading zero or a trailing
// zero after the point; and none needs an exponent, which ECMAScript writes
// below 1e-6 (`0.000001` is plain, `1e-7` is not) and from 1e21.
/** A whole number of 1 to 15 digits. */
const WHOLE = '[1-9]\\d{0,14}';
/** A number of at least 1 with a fraction: 3 to 16 characters of digits and the point. */
const WITH_FRACTION = '(?=[\\d.]{3,16}$)[1-9]\\d*\\.\\d*[1-9]';
/** A number below 1: `0.`, at most five zeros, then 1 to 15 significant digits. */
const BELOW_ONE = '0\\.(?!0{6})0*(?=\\d{1,15}$)[1-9](?:\\d*[1-9])?';
const CANONICAL_DECIMAL = new RegExp(`^(?:0|-?(?:${WHOLE}|${WITH_FRACTION}|${BELOW_ONE}))$`);

/**
 * isCanonicalDecimal tells, without parsing, whether `text` is a plain
 * decimal that formatNumber writes exactly so for its number: `0`, `3`,
 * `-0.5`, `0.000123`, `123456789012345`. It is false for other spellings of a
 * number (`3.0`, `+3`, `.5`, `1e3`) and also for some canonical ones (with an
 * exponent, or 16 or 17 significant digits): for those, format the parsed
 * number. A reader uses it to copy a value text as it is.
 */
export function isCanonicalDecimal(text: string): boolean {
  return CANONICAL_DECIMAL.test(text);
}
