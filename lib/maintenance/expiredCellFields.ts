import { decodeField, Extension, TypeCode } from '../codec/field';
import { parseNumber } from '../codec/number';
import { SketchExtension, UNTIL_LABEL } from '../sketch/fields';

/**
 * expiredCellFields lists the windowed summary cell fields among `entries`
 * (the fields of a namespace hash) whose `__until` time is at or before
 * `cutoffMs` (Unix time in milliseconds): the fields a reader ignores, which
 * a writer that stopped leaves behind. Only fields of families whose type
 * field says summary are listed. Pure.
 *
 * @example
 * const stale = expiredCellFields(fields, Date.now() - 60_000);
 */
export function expiredCellFields(entries: Iterable<readonly [string, string]>, cutoffMs: number): string[] {
  const list = [...entries];
  const summaries = new Set<string>();
  for (const [field, value] of list) {
    if (value === TypeCode.summary) {
      const d = decodeField(field);
      if (typeof d !== 'string' && d.extension === Extension.type) summaries.add(d.name);
    }
  }
  const cutoff = cutoffMs / 1000;
  const out: string[] = [];
  for (const [field] of list) {
    const d = decodeField(field);
    if (typeof d === 'string' || !summaries.has(d.name)) continue;
    if (d.extension !== SketchExtension.positive && d.extension !== SketchExtension.negative && d.extension !== SketchExtension.zero) {
      continue;
    }
    const pair = d.labels.find((p) => p[0] === UNTIL_LABEL);
    const until = pair === undefined ? undefined : parseNumber(pair[1]);
    if (until !== undefined && until <= cutoff) out.push(field);
  }
  return out;
}
