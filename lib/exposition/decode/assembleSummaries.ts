import { Extension } from '../../codec/field';
import { encodeLabels } from '../../codec/labels';
import { parseNumber } from '../../codec/number';
import { collapseLowest, SketchCell } from '../../sketch/collapse';
import { CellLabels, DEFAULT_MAX_CELLS, readCellLabels, SketchExtension, windowEnded } from '../../sketch/fields';
import { LogMapping, MIN_RELATIVE_ACCURACY } from '../../sketch/LogMapping';
import { sketchQuantiles } from '../../sketch/quantile';
import { sortByLabels, SummarySeries } from '../families';
import type { RawSample, Skip } from './samples';

/** The cells and totals of one series, as read. */
interface SeriesAcc {
  readonly labels: Array<[string, string]>;
  readonly cells: Map<number, number>;
  readonly cellSamples: RawSample[];
  sum: number | undefined;
  count: number | undefined;
}

/**
 * assembleSummaries turns the raw samples of one summary family into its
 * series, sorted by labels: it merges every live cell of a series (a windowed cell is live while
 * its `__until` time is after `nowMs`), bounds the cells to the family's `m`
 * field (collapsing the lowest), and computes each quantile of the `q` fields
 * from the cells with the accuracy of the `a` field. It is pure: the same
 * samples and time give the same series. Samples it cannot use are reported
 * through `skip`; expired cells are ignored without a report.
 *
 * @example
 * const series = assembleSummaries(samples, (s, reason) => console.warn(s.field, reason), Date.now());
 */
export function assembleSummaries(
  samples: readonly RawSample[],
  skip: Skip,
  nowMs: number,
): SummarySeries[] {
  let accuracy: number | undefined;
  let maxCells = DEFAULT_MAX_CELLS;
  const quantiles = new Set<number>();
  const bySeries = new Map<string, SeriesAcc>();
  const acc = (labels: Array<[string, string]>): SeriesAcc => {
    const key = encodeLabels(labels);
    let a = bySeries.get(key);
    if (a === undefined) {
      bySeries.set(key, (a = { labels, cells: new Map(), cellSamples: [], sum: undefined, count: undefined }));
    }
    return a;
  };
  const nowSeconds = nowMs / 1000;

  for (const s of samples) {
    switch (s.extension) {
      case SketchExtension.accuracy:
        if (s.labels.length !== 0) skip(s, 'the accuracy field has no labels');
        else if (!(s.value >= MIN_RELATIVE_ACCURACY && s.value < 1)) {
          skip(s, `the relative accuracy must be from ${MIN_RELATIVE_ACCURACY} to less than 1`);
        } else accuracy = s.value;
        break;
      case SketchExtension.maxCells:
        if (s.labels.length !== 0) skip(s, 'the cell bound field has no labels');
        else if (!(Number.isInteger(s.value) && s.value >= 1)) skip(s, 'the cell bound must be a whole number >= 1');
        else maxCells = s.value;
        break;
      case SketchExtension.quantile: {
        const q = s.labels.length === 1 && s.labels[0][0] === 'quantile' ? parseNumber(s.labels[0][1]) : undefined;
        if (q === undefined || !(q >= 0 && q <= 1)) skip(s, 'a quantile field needs one "quantile" label from 0 to 1');
        else quantiles.add(q === 0 ? 0 : q);
        break;
      }
      case Extension.sum:
        acc(s.labels).sum = s.value;
        break;
      case Extension.count:
        acc(s.labels).count = s.value;
        break;
      case SketchExtension.positive:
      case SketchExtension.negative:
      case SketchExtension.zero: {
        const cell = readCell(s, nowSeconds);
        if (typeof cell === 'string') skip(s, cell);
        else if (cell !== null) {
          const a = acc(cell.labels);
          a.cells.set(cell.ordinal, (a.cells.get(cell.ordinal) ?? 0) + s.value);
          a.cellSamples.push(s);
        }
        break;
      }
      default:
        skip(s, `extension "${s.extension}" does not belong to a summary`);
    }
  }

  const qs = [...quantiles].sort((a, b) => a - b);
  const mapping = accuracy === undefined ? undefined : new LogMapping(accuracy);
  const out: SummarySeries[] = [];
  for (const a of bySeries.values()) {
    let values: number[] = [];
    if (mapping === undefined) {
      for (const s of a.cellSamples) skip(s, 'the summary has no valid relative accuracy field ("a")');
    } else if (qs.length > 0) {
      const cells: SketchCell[] = [];
      for (const [ordinal, count] of a.cells) if (count !== 0) cells.push({ ordinal, count });
      cells.sort((x, y) => x.ordinal - y.ordinal);
      values = sketchQuantiles(collapseLowest(cells, maxCells), qs, mapping);
    }
    out.push({
      labels: a.labels,
      quantiles: values.map((v, i) => [qs[i], v] as const),
      sum: a.sum ?? 0,
      count: a.count ?? 0,
    });
  }
  return sortByLabels(out);
}

/**
 * readCell reads a cell field: the series labels without the reserved ones,
 * and the cell's ordinal. Returns null for a cell whose window has ended,
 * and a reason for a field that does not follow the format.
 */
function readCell(s: RawSample, nowSeconds: number): CellLabels | string | null {
  if (!(s.value >= 0 && s.value < Infinity)) return 'a cell count must be a finite number >= 0';
  const cell = readCellLabels(s.extension, s.labels);
  if (typeof cell === 'string') return cell;
  return cell.until !== undefined && windowEnded(cell.until, nowSeconds) ? null : cell;
}
