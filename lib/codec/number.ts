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

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * parseNumber reads a number written by formatNumber, by Redis (HINCRBYFLOAT
 * replies such as `3`, `0.30000000000000004`, `1.5e+21`) or by another client.
 * It accepts `+Inf`, `-Inf`, `Inf`, `inf` and `NaN` in any letter case and
 * returns `undefined` for anything that is not a number.
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
