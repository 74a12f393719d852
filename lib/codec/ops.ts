import { escapeText } from './labels';

/**
 * The write operations of a batch, as the flush script reads them.
 *
 * A batch is one string of records, one record per write:
 * `{op}{field}\n{value}\n`. `op` is one letter; `field` is a field of the
 * namespace hash, which never holds a line feed (label values escape it);
 * `value` is a number, or for `s` and `n` text in which backslash is written
 * `\\` and line feed `\n`.
 */
export const Op = {
  /** HINCRBY by an integral delta; HINCRBYFLOAT when the field holds a float or the sum would overflow. */
  addInteger: 'i',
  /** HINCRBYFLOAT by a delta. */
  addFloat: 'f',
  /** HSET. */
  set: 's',
  /** HSETNX. */
  setIfAbsent: 'n',
  /** HDEL; the value is empty. */
  remove: 'x',
  /** HSET in the writer's process hash (a per-process value). */
  setProcess: 'p',
  /** HSET in the writer's process hash of the value, a space and the Redis time in milliseconds. */
  setProcessStamped: 'r',
  /** HDEL in the writer's process hash; the value is empty. */
  removeProcess: 'q',
} as const;

/** escapeOpValue escapes a text value of an `s` or `n` record: backslash as `\\`, line feed as `\n`. */
export const escapeOpValue = escapeText;

/** unescapeOpValue reverses escapeOpValue. */
export function unescapeOpValue(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/**
 * The writes of one batch: one string of op records (codec/ops), or, for a
 * namespace of several shards, one string per shard (the records of the
 * fields in shard `i` at index `i`).
 */
export type BatchOps = string | readonly string[];

/** opsText is the records of a batch as one string (the parts of a sharded batch joined in shard order). */
export function opsText(ops: BatchOps): string {
  return typeof ops === 'string' ? ops : ops.join('');
}

/** opsLength is the length of the records of a batch, in UTF-16 code units. */
export function opsLength(ops: BatchOps): number {
  if (typeof ops === 'string') return ops.length;
  let n = 0;
  for (const part of ops) n += part.length;
  return n;
}

/** A decoded record: op, field and value (unescaped). */
export type OpRecord = readonly [op: string, field: string, value: string];

/** decodeOps splits a batch into its records; it throws a TypeError on a malformed batch. */
export function decodeOps(ops: BatchOps): OpRecord[] {
  const batch = opsText(ops);
  const out: OpRecord[] = [];
  let pos = 0;
  while (pos < batch.length) {
    const e1 = batch.indexOf('\n', pos);
    const e2 = e1 < 0 ? -1 : batch.indexOf('\n', e1 + 1);
    if (e2 < 0) throw new TypeError(`malformed batch: record at offset ${pos} is not terminated`);
    const op = batch[pos];
    const value = batch.slice(e1 + 1, e2);
    out.push([op, batch.slice(pos + 1, e1), op === Op.set || op === Op.setIfAbsent ? unescapeOpValue(value) : value]);
    pos = e2 + 1;
  }
  return out;
}

/** encodeOps writes records as a batch; the inverse of decodeOps. */
export function encodeOps(records: Iterable<OpRecord>): string {
  let out = '';
  for (const [op, field, value] of records) {
    out += op + field + '\n' + (op === Op.set || op === Op.setIfAbsent ? escapeOpValue(value) : value) + '\n';
  }
  return out;
}
