/**
 * byCodeUnit compares two strings by their UTF-16 code units, as `<` does: the
 * order of names, labels parts and fields everywhere in the format (and the
 * order `Array.prototype.sort` uses without a comparator). For `sort`.
 */
// @ts-nocheck

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
