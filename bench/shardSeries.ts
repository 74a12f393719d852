// The series the shard benchmark's writers record: one counter, a series per writer and index.
import { encodeField } from '../lib/codec/field';

/** The counter every writer of the shard benchmark increments. */
export const SHARD_BENCH_COUNTER = 'bench_shard_total';

/** shardBenchField is the field a registry writes for series `i` of writer `w` (docs/format.md; labels in name order). */
export function shardBenchField(i: number, w: string | number): string {
  return encodeField(SHARD_BENCH_COUNTER, '', `i="${i}",w="${w}"`);
}
