// @ts-nocheck
import type { SketchCell } from './collapse';
import type { LogMapping } from './LogMapping';
import { ordinalValue } from './ordinal';

/**
 * quantileRank returns the 1-based rank of quantile `q` among `n` values, by
 * the nearest-rank method: `max(1, ceil(q * n - 1e-9))`, at most `n`. The
 * `1e-9` absorbs the rounding of `q * n` in floating point (`0.07 * 100` is
 * `7.000000000000001`, and its rank is 7).
 */
export function quantileRank(q: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil(q * n - 1e-9)));
}

/**
 * sketchQuantiles returns the value of each quantile of `qs` (each in [0, 1])
 * for the cells given, sorted by ordinal ascending: the value reported for the
 * first cell at which the running count reaches the quantile's rank. Returns
 * NaN for every quantile when the cells hold no values.
 */
export function sketchQuantiles(cells: readonly SketchCell[], qs: readonly number[], mapping: LogMapping): number[] {
  let n = 0;
  for (const c of cells) n += c.count;
  if (!(n > 0)) return qs.map(() => NaN);
  return qs.map((q) => {
    const rank = quantileRank(q, n);
    let running = 0;
    for (const c of cells) {
      running += c.count;
      if (running >= rank) return ordinalValue(mapping, c.ordinal);
    }
    return ordinalValue(mapping, cells[cells.length - 1].ordinal);
  });
}
