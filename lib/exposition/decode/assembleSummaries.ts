import { parseNumber } from '../../codec/number';
import { collapseLowest, SketchCell } from '../../sketch/collapse';
import { CELL_LABEL, DEFAULT_MAX_CELLS, readCellKey, SCHEMA_LABEL, SketchExtension, UNTIL_LABEL, ZERO_THRESHOLD_LABEL } from '../../sketch/fields';
import { LogMapping, MIN_RELATIVE_ACCURACY } from '../../sketch/LogMapping';
import { cellOrdinal } from '../../sketch/ordinal';
import { sketchQuantiles } from '../../sketch/quantile';
import { byCodePoint } from '../../util/byCodePoint';
import type { Labels, SummarySeries } from '../families';
import { Assembly, label, RawSample, seriesKey, seriesLabels } from './samples';
import { addSumOrCount, isCount } from './sumAndCount';

/** The relative accuracy of a summary without a usable `a` field: the library's default. */
const DEFAULT_ACCURACY = 0.01;

/** The cells and totals of one series, as read. */
interface SeriesAcc {
  readonly labels: Labels;
  readonly cells: Map<number, number>;
  sum: number | undefined;
  count: number | undefined;
}

/**
 * assembleSummaries turns the fields of one summary family (but `d` and `t`)
 * into its series, sorted by labels key, as docs/format.md ("Summaries")
 * says: the live cells of each series (a windowed cell is live while its
 * `__until` is after `nowMs`) added per cell, bounded to the `m` field's cell
 * bound, and each quantile of the `q` fields (at most `maxQuantiles`, the
 * lowest; the fields of the others are skipped, `too-many-quantiles`)
 * computed with the accuracy of the `a` field, or 0.01 without a usable one.
 * Each series gets the family's quantiles only, so the work is linear in the
 * fields. Fields that break the rules are skipped with their reason;
 * expired cells are ignored without a report. Pure.
 *
 * @example
 * const out = { skip: (s, reason) => console.warn(s.field, reason), used: [], merged: false };
 * const series = assembleSummaries(samples, Date.now(), 64, out);
 */
export function assembleSummaries(samples: readonly RawSample[], nowMs: number, maxQuantiles: number, out: Assembly): SummarySeries[] {
  let accuracy = DEFAULT_ACCURACY;
  let maxCells = DEFAULT_MAX_CELLS;
  const quantileFields = new Map<number, RawSample[]>();
  const bySeries = new Map<string, SeriesAcc>();
  const acc = (s: RawSample): SeriesAcc => {
    const labels = seriesLabels(s);
    const key = seriesKey(s, labels);
    let a = bySeries.get(key);
    if (a === undefined) bySeries.set(key, (a = { labels, cells: new Map(), sum: undefined, count: undefined }));
    return a;
  };
  const nowSeconds = nowMs / 1000;

  for (const s of samples) {
    const x = s.value;
    switch (s.extension) {
      case SketchExtension.accuracy:
        if (!(x >= MIN_RELATIVE_ACCURACY && x < 1)) {
          out.skip(s, 'invalid-accuracy');
        } else {
          accuracy = x;
          out.used?.push(s);
        }
        break;
      case SketchExtension.maxCells:
        if (!(isCount(x) && x >= 1)) {
          out.skip(s, 'invalid-cell-bound');
        } else {
          maxCells = x;
          out.used?.push(s);
        }
        break;
      case SketchExtension.quantile: {
        const q = s.labels.length === 1 && s.labels[0][0] === 'quantile' ? parseNumber(s.labels[0][1]) : undefined;
        if (q === undefined || !(q >= 0 && q <= 1)) {
          out.skip(s, 'invalid-quantile');
        } else {
          const fields = quantileFields.get(q + 0);
          if (fields === undefined) quantileFields.set(q + 0, [s]);
          else fields.push(s);
        }
        break;
      }
      case 's':
      case 'c':
        if (addSumOrCount(s, acc, out)) out.used?.push(s);
        break;
      default: {
        // p, n, z: the other extensions are not in the type
        const cell = label(s, CELL_LABEL);
        let key = 0;
        if (s.extension === SketchExtension.zero) {
          if (cell !== undefined) {
            out.skip(s, 'invalid-cell');
            break;
          }
        } else {
          const k = cell === undefined ? undefined : readCellKey(cell);
          if (k === undefined) {
            out.skip(s, 'invalid-cell');
            break;
          }
          key = k;
        }
        const untilText = label(s, UNTIL_LABEL);
        const until = untilText === undefined ? undefined : parseNumber(untilText);
        if (untilText !== undefined && (until === undefined || Number.isNaN(until))) {
          out.skip(s, 'invalid-until');
          break;
        }
        if (label(s, SCHEMA_LABEL) !== undefined || label(s, ZERO_THRESHOLD_LABEL) !== undefined) {
          out.skip(s, 'invalid-native-label'); // the labels of a native histogram's buckets
          break;
        }
        if (!isCount(x)) {
          out.skip(s, 'invalid-cell-value');
          break;
        }
        out.used?.push(s);
        if (until !== undefined && !(until > nowSeconds)) break; // expired: ignored, not reported
        const ordinal = cellOrdinal(s.extension === SketchExtension.positive ? 1 : s.extension === SketchExtension.negative ? -1 : 0, key);
        const a = acc(s);
        const before = a.cells.get(ordinal);
        if (before !== undefined) out.merged = true;
        a.cells.set(ordinal, (before ?? 0) + x);
      }
    }
  }

  let qs = [...quantileFields.keys()].sort((a, b) => a - b);
  if (qs.length > maxQuantiles) {
    for (let i = maxQuantiles; i < qs.length; i++) for (const s of quantileFields.get(qs[i])!) out.skip(s, 'too-many-quantiles');
    qs = qs.slice(0, maxQuantiles);
  }
  for (const q of qs) for (const s of quantileFields.get(q)!) out.used?.push(s);

  const mapping = new LogMapping(accuracy);
  const keys = [...bySeries.keys()].sort(byCodePoint);
  const series: SummarySeries[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const a = bySeries.get(keys[i])!;
    let quantiles: Array<readonly [number, number]> = [];
    if (qs.length > 0) {
      const cells: SketchCell[] = [];
      for (const [ordinal, count] of a.cells) if (count !== 0) cells.push({ ordinal, count });
      cells.sort((x, y) => x.ordinal - y.ordinal);
      const values = sketchQuantiles(collapseLowest(cells, maxCells), qs, mapping);
      quantiles = values.map((v, j) => [qs[j], v] as const);
    }
    series[i] = { labels: a.labels, quantiles, sum: a.sum ?? 0, count: a.count ?? 0 };
  }
  return series;
}
