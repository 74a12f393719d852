/** One cell of a sketch: its ordinal (see cellOrdinal) and how many values it holds. */
export interface SketchCell {
  readonly ordinal: number;
  readonly count: number;
}

// The cell limit of a sketch: a series uses at most `maxCells` cells, the
// highest ones; the values of lower cells are counted in the lowest cell
// kept. High quantiles keep their accuracy; a quantile whose rank falls in the
// merged cells reports the value of that cell, which is above the true value.
// A writer applies the rule as it records (admitCell), so that it never
// writes more cells than the limit; a reader applies it again to the cells of
// every writer merged (collapseLowest).

/**
 * collapseLowest bounds a sketch to `maxCells` cells: when `cells` (sorted by
 * ordinal, ascending) has more, the lowest cells are merged into the lowest of
 * the `maxCells` highest ones, which then holds their counts too. Returns
 * `cells` itself when it is within the bound.
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

/** BoundedCells are the cells a writer keeps for one series (in one window), by ordinal, with the lowest ordinal among them. */
export interface BoundedCells<C> {
  readonly cells: Map<number, C>;
  lowest: number;
}

/**
 * admitCell returns the cell that counts a new value of cell `ordinal` (not
 * in `bounded` yet) under the cell limit: a new cell made by `make` while
 * there are fewer than `maxCells`; at the limit, the lowest cell for an
 * ordinal below every cell; otherwise a new cell, after the lowest cell is
 * dropped and `evict(dropped, lowest, droppedOrdinal)` has moved what it held into the new
 * lowest cell.
 */
export function admitCell<C>(
  bounded: BoundedCells<C>,
  ordinal: number,
  maxCells: number,
  make: () => C,
  evict: (dropped: C, lowest: C, droppedOrdinal: number) => void,
): C {
  const cells = bounded.cells;
  if (cells.size < maxCells) {
    const cell = make();
    cells.set(ordinal, cell);
    if (ordinal < bounded.lowest) bounded.lowest = ordinal;
    return cell;
  }
  if (ordinal < bounded.lowest) return cells.get(bounded.lowest)!;
  const droppedOrdinal = bounded.lowest;
  const dropped = cells.get(droppedOrdinal)!;
  cells.delete(droppedOrdinal);
  const cell = make();
  cells.set(ordinal, cell);
  let lowest = Infinity;
  for (const o of cells.keys()) if (o < lowest) lowest = o;
  bounded.lowest = lowest;
  evict(dropped, cells.get(lowest)!, droppedOrdinal);
  return cell;
}
