// @ts-nocheck
import type { LogMapping } from './LogMapping';

/**
 * ORDINAL_OFFSET separates positive from negative cells in the ordinal space.
 * It is larger than any key a LogMapping of accuracy >= MIN_RELATIVE_ACCURACY
 * gives for a finite double (|key| < 2^22), and small enough that every
 * ordinal is a small integer (|ordinal| < 2^24).
 */
export const ORDINAL_OFFSET = 2 ** 23;

/** The largest magnitude of a cell key: keys of finite doubles stay below it. */
export const MAX_KEY = 2 ** 22;

/** The sign of a cell: -1 for negative values, 0 for the zero cell, 1 for positive values. */
export type CellSign = -1 | 0 | 1;

/**
 * cellOrdinal numbers a cell so that ordinals sort the way the values of the
 * cells do: positive cell `k` is `ORDINAL_OFFSET + k`, negative cell `k` (for
 * `-v` with key `k`) is `-(ORDINAL_OFFSET + k)`, the zero cell is `0`.
 */
export function cellOrdinal(sign: CellSign, key: number): number {
  return sign === 0 ? 0 : sign * (ORDINAL_OFFSET + key);
}

/** ordinalOf returns the ordinal of the cell that holds `v` (a finite number; `0` and `-0` go to the zero cell). */
export function ordinalOf(mapping: LogMapping, v: number): number {
  if (v > 0) return ORDINAL_OFFSET + mapping.key(v);
  if (v < 0) return -(ORDINAL_OFFSET + mapping.key(-v));
  return 0;
}

/** ordinalSign returns the sign of the cell of an ordinal. */
export function ordinalSign(ordinal: number): CellSign {
  return ordinal > 0 ? 1 : ordinal < 0 ? -1 : 0;
}

/** ordinalKey returns the key of the cell of a non-zero ordinal (and 0 for the zero cell). */
export function ordinalKey(ordinal: number): number {
  return ordinal === 0 ? 0 : Math.abs(ordinal) - ORDINAL_OFFSET;
}

/** ordinalValue returns the value reported for the cell of an ordinal: `±mapping.value(key)`, or 0. */
export function ordinalValue(mapping: LogMapping, ordinal: number): number {
  if (ordinal > 0) return mapping.value(ordinal - ORDINAL_OFFSET);
  if (ordinal < 0) return -mapping.value(-ordinal - ORDINAL_OFFSET);
  return 0;
}
