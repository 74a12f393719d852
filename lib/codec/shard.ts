/**
 * Sharded namespaces (docs/format.md, "Shards"): a namespace of K > 1 shards
 * keeps its fields in K hashes, each under its own hash tag, and every field
 * of one series in the same shard. This module is the pure part: which shard
 * a field belongs to, and the name whose keys hold a shard.
 */
import { valueEnd } from './labels';

/** The most shards a namespace may have. */
export const MAX_SHARDS = 1024;

/** The extensions of metric-level fields: they go by the metric name alone. */
const METRIC_LEVEL = new Set(['d', 't', 'a', 'm', 'q']);

/**
 * shardName is the name whose keys (namespaceKey, writersKey, … of
 * codec/field) hold shard `index` of a sharded namespace: `shop#3` for shard
 * 3 of `shop`, so its hash is `instrumentor:{shop#3}`.
 */
export function shardName(namespace: string, index: number): string {
  return `${namespace}#${index}`;
}

/**
 * seriesKey is the text a field's shard is computed from: the metric name, a
 * `:`, and the labels part without the pairs named `le` or starting with `__`
 * (a histogram bucket's bound, a sketch's cell, a native histogram's schema),
 * the remaining pairs joined by `,` as written. So every field of a series —
 * value, buckets, sum, count, cells — has the same key. A metric-level field
 * (extensions `d`, `t`, `a`, `m`, `q`) has the key `{metric_name}:`. Returns
 * undefined for a field without two `:`.
 */
export function seriesKey(field: string): string | undefined {
  const first = field.indexOf(':');
  if (first < 0) return undefined;
  const second = field.indexOf(':', first + 1);
  if (second < 0) return undefined;
  const name = field.slice(0, first + 1);
  if (second === field.length - 1 || METRIC_LEVEL.has(field.slice(first + 1, second))) return name;
  const labels = field.slice(second + 1);
  if (!labels.includes('le="') && !labels.includes('__')) return name + labels;
  return name + keptPairs(labels);
}

/** keptPairs drops the pairs named `le` or starting with `__` from a labels part, keeping the others as written. */
function keptPairs(labels: string): string {
  let out = '';
  let i = 0;
  while (i < labels.length) {
    const eq = labels.indexOf('=', i);
    if (eq < 0) return out === '' ? labels.slice(i) : out + ',' + labels.slice(i);
    const j = valueEnd(labels, eq);
    const pair = labels.slice(i, j + 1);
    const label = labels.slice(i, eq);
    if (label !== 'le' && !label.startsWith('__')) out = out === '' ? pair : out + ',' + pair;
    i = j + 2; // past the closing quote and the comma
  }
  return out;
}

/** The FNV-1a offset basis and prime, 32 bits. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * fnv1a32 is the 32-bit FNV-1a hash of the UTF-8 bytes of `text` (offset
 * basis 2166136261, prime 16777619), as an unsigned integer.
 */
export function fnv1a32(text: string): number {
  return fnvUpdate(FNV_OFFSET, text, 0, text.length) >>> 0;
}

/** fnvUpdate continues an FNV-1a hash `h` with the UTF-8 bytes of `text` from `from` to `to` (code units). */
function fnvUpdate(h: number, text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, FNV_PRIME);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate is written as U+FFFD, as UTF-8 encoders do
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), FNV_PRIME);
    } else {
      if (c < 0x10000) {
        h = Math.imul(h ^ (0xe0 | (c >> 12)), FNV_PRIME);
      } else {
        h = Math.imul(h ^ (0xf0 | (c >> 18)), FNV_PRIME);
        h = Math.imul(h ^ (0x80 | ((c >> 12) & 63)), FNV_PRIME);
      }
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 63)), FNV_PRIME);
    }
    h = Math.imul(h ^ (0x80 | (c & 63)), FNV_PRIME);
  }
  return h;
}

/**
 * shardOf is the shard (0 to `shards` - 1) of a field: the FNV-1a hash of its
 * seriesKey, modulo `shards`. A field without two `:` (no writer writes one)
 * goes by its whole text. It hashes the parts of the field in place, without
 * building the series key: a flush computes it for every write.
 */
export function shardOf(field: string, shards: number): number {
  if (shards <= 1) return 0;
  const first = field.indexOf(':');
  const second = first < 0 ? -1 : field.indexOf(':', first + 1);
  if (second < 0) return fnv1a32(field) % shards;
  let h = fnvUpdate(FNV_OFFSET, field, 0, first + 1);
  const ext = second - first === 2 ? field.charCodeAt(first + 1) : 0;
  // d, t, a, m, q: metric-level fields go by the name alone
  if (ext === 100 || ext === 116 || ext === 97 || ext === 109 || ext === 113) return (h >>> 0) % shards;
  let i = second + 1;
  let kept = 0;
  while (i < field.length) {
    const eq = field.indexOf('=', i);
    if (eq < 0) {
      if (kept > 0) h = Math.imul(h ^ 44, FNV_PRIME);
      h = fnvUpdate(h, field, i, field.length);
      break;
    }
    const j = valueEnd(field, eq);
    const isLe = eq - i === 2 && field.charCodeAt(i) === 108 && field.charCodeAt(i + 1) === 101;
    const reserved = field.charCodeAt(i) === 95 && field.charCodeAt(i + 1) === 95;
    if (!isLe && !reserved) {
      if (kept++ > 0) h = Math.imul(h ^ 44, FNV_PRIME); // the comma between kept pairs
      h = fnvUpdate(h, field, i, Math.min(j + 1, field.length));
    }
    i = j + 2;
  }
  return (h >>> 0) % shards;
}

/** checkShards throws a RangeError naming the option unless `shards` is a whole number from 1 to MAX_SHARDS. */
export function checkShards(shards: unknown, option = 'shards'): number {
  if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new RangeError(`${option} must be a whole number from 1 to ${MAX_SHARDS}, got ${String(shards)}`);
  }
  return shards;
}
