import { decodeCanonicalLabels, decodeLabels } from './labels';
import { isName } from './names';

/**
 * Extension letters of a field, the middle part of `{metric_name}:{extension}:{labels}`.
 * The empty extension holds the value of a counter or gauge series.
 */
export const Extension = {
  value: '',
  description: 'd',
  type: 't',
  sum: 's',
  count: 'c',
  bucket: 'b',
} as const;

/** The metric types, as written in a `t` field. */
export const TypeCode = {
  counter: 'c',
  gauge: 'g',
  histogram: 'h',
  summary: 's',
} as const;

export type MetricType = keyof typeof TypeCode;

/** typeFromCode maps a type code (`c`, `g`, `h`, `s`) back to its type, or undefined. */
export function typeFromCode(code: string): MetricType | undefined {
  for (const t of Object.keys(TypeCode) as MetricType[]) if (TypeCode[t] === code) return t;
  return undefined;
}

/** encodeField joins a metric name, an extension and an encoded labels part. */
export function encodeField(name: string, extension: string, labels: string): string {
  return name + ':' + extension + ':' + labels;
}

/** A field split into its parts. `labels` are the decoded pairs, in the order written. */
export interface DecodedField {
  name: string;
  extension: string;
  labels: Array<[string, string]>;
  /** The labels part as written, which identifies the series. */
  labelsText: string;
}

/**
 * decodeField splits a field into name, extension and labels. It returns a
 * string that says what is wrong when the field does not follow the format.
 */
export function decodeField(field: string): DecodedField | string {
  const first = field.indexOf(':');
  if (first < 0) return 'no ":" separator';
  const second = field.indexOf(':', first + 1);
  if (second < 0) return 'only one ":" separator';
  const name = field.slice(0, first);
  if (!isName(name)) return `"${name}" is not a valid metric name`;
  const extension = field.slice(first + 1, second);
  const labelsText = field.slice(second + 1);
  const labels = decodeLabels(labelsText);
  if (typeof labels === 'string') return labels;
  return { name, extension, labels, labelsText };
}

/**
 * decodeCanonicalField is the fast path of decodeField for the fields writers
 * produce: a valid name and a labels part exactly as encodeLabels writes it
 * (see decodeCanonicalLabels, which shares label names through `labelNames`).
 * It returns what decodeField returns for such a field, and undefined for any
 * other, which decodeField then decides. Names for which `checkedNames.has`
 * is true are taken as checked already.
 */
export function decodeCanonicalField(
  field: string,
  labelNames: string[],
  checkedNames?: { has(name: string): boolean },
): DecodedField | undefined {
  const first = field.indexOf(':');
  if (first <= 0) return undefined;
  const second = field.indexOf(':', first + 1);
  if (second < 0) return undefined;
  const name = field.slice(0, first);
  if (checkedNames?.has(name) !== true && !isName(name)) return undefined;
  const labelsText = field.slice(second + 1);
  const labels = decodeCanonicalLabels(labelsText, labelNames);
  if (labels === undefined) return undefined;
  return { name, extension: field.slice(first + 1, second), labels, labelsText };
}

/**
 * The longest field readers read by default, in bytes of UTF-8
 * (docs/format.md, "Limits"), and so the longest a writer writes unless told
 * its readers read longer ones.
 */
export const MAX_FIELD_BYTES = 16_384;

/**
 * checkNamespace throws a TypeError unless `namespace` is a usable namespace
 * name: not empty, without braces or white space, and not ending in `#` and
 * digits, the names of another namespace's shards (docs/format.md, "Shards").
 */
export function checkNamespace(namespace: unknown): asserts namespace is string {
  if (typeof namespace !== 'string' || namespace.length === 0 || /[{}\s]/.test(namespace)) {
    throw new TypeError(
      `namespace must be a non-empty string without braces or white space, got ${JSON.stringify(namespace)}`,
    );
  }
  const shard = /^(.+)#(\d+)$/.exec(namespace);
  if (shard !== null) {
    throw new TypeError(
      `namespace ${JSON.stringify(namespace)} is the name of shard ${shard[2]} of the namespace ${JSON.stringify(shard[1])}: ` +
        'a namespace name may not end in "#" and digits',
    );
  }
}

/** namespaceKey is the Redis key of the hash that holds a namespace's metrics. */
export function namespaceKey(namespace: string): string {
  return `instrumentor:{${namespace}}`;
}

/**
 * writersKey is the Redis key of the hash that remembers, per writing process,
 * the sequence number of the last batch applied; it makes retried batches
 * idempotent. It shares the hash tag of namespaceKey so both live in one
 * Redis Cluster slot.
 */
export function writersKey(namespace: string): string {
  return `instrumentor:{${namespace}}:writers`;
}

/** seenKey is the Redis key of the sorted set of writers by the time they last wrote. */
export function seenKey(namespace: string): string {
  return `instrumentor:{${namespace}}:seen`;
}

/**
 * processesKey is the Redis key of the hash of the namespace's live writers:
 * per writer id, the deadline (Unix time in milliseconds, by Redis `TIME`)
 * after which readers take the writer for dead (docs/format.md, "Processes").
 */
export function processesKey(namespace: string): string {
  return `instrumentor:{${namespace}}:processes`;
}

/** processKey is the Redis key of the hash of one writer's per-process values (live gauges, per-process series). */
export function processKey(namespace: string, writerId: string): string {
  return `instrumentor:{${namespace}}:process:${writerId}`;
}

/** foldedKey is the Redis key of the hash that keeps the `max` and `min` gauge values of processes that are gone. */
export function foldedKey(namespace: string): string {
  return `instrumentor:{${namespace}}:folded`;
}

/**
 * shardsKey is the Redis key of a namespace's shard count K (a string, the
 * number): absent for a namespace of one shard that no writer configured
 * (docs/format.md, "Shards").
 */
export function shardsKey(namespace: string): string {
  return `instrumentor:{${namespace}}:shards`;
}

/** cleanerKey is the Redis key of the lock held by the one process that deletes dead processes' data. */
export function cleanerKey(namespace: string): string {
  return `instrumentor:{${namespace}}:cleaner`;
}

/**
 * ProcessExtension lists the extensions of the fields of a writer's process
 * hash: one per gauge aggregation that keeps a value per process. Upper-case
 * ones count live processes only; `h` and `l` keep a dead process's value.
 */
export const ProcessExtension = {
  liveSum: 'S',
  perProcess: 'P',
  liveMax: 'H',
  liveMin: 'L',
  liveLast: 'R',
  max: 'h',
  min: 'l',
} as const;
