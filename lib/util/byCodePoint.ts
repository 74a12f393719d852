/**
 * byCodePoint compares two strings by their Unicode code points, which is the
 * order of their UTF-8 bytes: the order in which a reader lists families and
 * series (docs/format.md, "Rendering"). It differs from `<` (UTF-16 code
 * units) only where a character beyond U+FFFF meets one from U+E000 to
 * U+FFFF: `😀` sorts after `\uFFFD` here, before it with `<`. For `sort`.
 */
export function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  return codePointRank(a.charCodeAt(i)) - codePointRank(b.charCodeAt(i));
}

/** codePointRank orders code units as their code points: surrogates (characters beyond U+FFFF) after U+E000 to U+FFFF. */
export function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
