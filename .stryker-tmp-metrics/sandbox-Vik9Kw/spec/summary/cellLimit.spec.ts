// @ts-nocheck
import { expect } from 'chai';
import { admitCell, BoundedCells, collapseLowest, SketchCell } from '../../lib/sketch/collapse';

describe('sketch: the cell limit, as writers and readers apply it', () => {
  it('should leave a writer with the cells a reader gets by collapsing every cell it recorded', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const maxCells = 1 + Math.floor(random() * 8);
      const bounded: BoundedCells<{ count: number }> = { cells: new Map(), lowest: Infinity };
      const all = new Map<number, number>();
      for (let i = 0; i < 1 + Math.floor(random() * 60); i++) {
        const ordinal = Math.floor(random() * 40) - 20;
        all.set(ordinal, (all.get(ordinal) ?? 0) + 1);
        const cell =
          bounded.cells.get(ordinal) ??
          admitCell(bounded, ordinal, maxCells, () => ({ count: 0 }), (dropped, lowest) => (lowest.count += dropped.count));
        cell.count++;
      }
      const written: SketchCell[] = [...bounded.cells].map(([ordinal, c]) => ({ ordinal, count: c.count })).sort((a, b) => a.ordinal - b.ordinal);
      const everything: SketchCell[] = [...all].map(([ordinal, count]) => ({ ordinal, count })).sort((a, b) => a.ordinal - b.ordinal);
      expect(written.length).to.be.at.most(maxCells);
      expect(written, `round ${round}`).to.deep.equal(collapseLowest(everything, maxCells));
      expect(bounded.lowest).to.equal(written[0].ordinal);
    }
  });
});
