/** One cell of a sketch: its ordinal (see cellOrdinal) and how many values it holds. */
export interface SketchCell {
  readonly ordinal: number;
  readonly count: number;
}

/**
 * collapseLowest bounds a sketch to `maxCells` cells: when `cells` (sorted by
 * ordinal, ascending) has more, the lowest cells are merged into the lowest of
 * the `maxCells` highest ones, which then holds their counts too. High
 * quantiles keep their accuracy; a quantile whose rank falls in the merged
 * cells reports the value of that cell, which is above the true value.
 * Returns `cells` itself when it is within the bound.
 */
export function collapseLowest(cells: readonly SketchCell[], maxCells: number): readonly SketchCell[] {
  const extra = cells.length - maxCells;
  if (extra <= 0) return cells;
  let merged = 0;
  for (let i = 0; i <= extra; i++) merged += cells[i].count;
  const out: SketchCell[] = [{ ordinal: cells[extra].ordinal, count: merged }];
  for (let i = extra + 1; i < cells.length; i++) out.push(cells[i]);
  return out;
}
