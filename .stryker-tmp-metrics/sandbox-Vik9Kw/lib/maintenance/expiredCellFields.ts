// @ts-nocheck
import { decodeField, Extension, TypeCode } from '../codec/field';
import { isCellExtension, readCellLabels, windowEnded } from '../sketch/fields';

/**
 * expiredCellFields lists the windowed summary cell fields among `entries`
 * (the fields of a namespace hash) whose `__until` time is at or before
 * `cutoffMs` (Unix time in milliseconds): the fields a reader ignores, which
 * a writer that stopped leaves behind. Only fields of families whose type
 * field says summary are listed, and only cell fields a reader can read
 * (the others are skipped and reported by readers). Pure.
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
    if (typeof d === 'string' || !summaries.has(d.name) || !isCellExtension(d.extension)) continue;
    const cell = readCellLabels(d.extension, d.labels);
    if (typeof cell !== 'string' && cell.until !== undefined && windowEnded(cell.until, cutoff)) out.push(field);
  }
  return out;
}
