/**
 * The grammar of metric and label names in the format: a letter or `_`, then
 * letters, digits and `_` (`[a-zA-Z_][a-zA-Z0-9_]*`). Prometheus also allows
 * `:` in metric names; the format does not, because `:` separates the parts
 * of a field. See docs/format.md.
 */
// @ts-nocheck


/** nameEnd returns the index just past the longest name that starts at `start` in `text` (`start` itself when none does). */
export function nameEnd(text: string, start: number): number {
  let i = start;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
    if (!letter && (i === start || c < 48 || c > 57)) break;
  }
  return i;
}

/** isName tells whether `s` is a metric or label name: `[a-zA-Z_][a-zA-Z0-9_]*`. */
export function isName(s: string): boolean {
  return s.length > 0 && nameEnd(s, 0) === s.length;
}

/** Label names the format gives a meaning, which no metric may declare: `le` (a bucket's bound) and `quantile`. */
export const RESERVED_LABELS: readonly string[] = ['le', 'quantile'];

/** isReservedName tells whether a label name is one Prometheus reserves for itself: those that start with `__`. */
export function isReservedName(name: string): boolean {
  return name.startsWith('__');
}
