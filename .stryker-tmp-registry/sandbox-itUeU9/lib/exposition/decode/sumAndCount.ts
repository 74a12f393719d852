// @ts-nocheck
import type { Assembly, RawSample } from './samples';

/** isCount tells whether a value is a whole number >= 0 (finite): a bucket's, a count's or a cell's. */
export function isCount(v: number): boolean {
  return v >= 0 && Number.isInteger(v);
}

/**
 * addSumOrCount adds an `s` or `c` field to its series (made by `acc`): a sum
 * that is `NaN` is skipped (`invalid-sum-value`), a count that is not a whole
 * number >= 0 too (`invalid-count-value`). False when the field is skipped.
 */
export function addSumOrCount(
  s: RawSample,
  acc: (s: RawSample) => { sum: number | undefined; count: number | undefined },
  out: Assembly,
): boolean {
  if (s.extension === 's') {
    if (Number.isNaN(s.value)) {
      out.skip(s, 'invalid-sum-value');
      return false;
    }
    const a = acc(s);
    if (a.sum !== undefined) out.merged = true;
    a.sum = (a.sum ?? 0) + s.value;
    return true;
  }
  if (!isCount(s.value)) {
    out.skip(s, 'invalid-count-value');
    return false;
  }
  const a = acc(s);
  if (a.count !== undefined) out.merged = true;
  a.count = (a.count ?? 0) + s.value;
  return true;
}
