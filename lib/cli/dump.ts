import { decodeField, Extension } from '../codec/field';
import { decodeLabels } from '../codec/labels';
import { parseNumber } from '../codec/number';
import { decodeNamespace } from '../exposition/decode/decodeNamespace';
import { ExpositionClient } from '../exposition/ExpositionClient';
import type { Store } from '../store/Store';
import { byCodeUnit } from '../util/byCodeUnit';

/** The fields of one family, as `dump` shows them. */
export interface DumpedFamily {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  /** The raw fields of the family and their values, sorted by labels, then extension. */
  readonly fields: ReadonlyArray<readonly [field: string, value: string]>;
}

/** What `dumpNamespace` returns. */
export interface NamespaceDump {
  readonly namespace: string;
  readonly fieldCount: number;
  readonly families: readonly DumpedFamily[];
  readonly skipped: ReadonlyArray<{ readonly field: string; readonly value: string; readonly reason: string }>;
  /** The processes that wrote the namespace and when each last wrote (Unix seconds), most recent first; Redis only. */
  readonly writers?: ReadonlyArray<{ readonly id: string; readonly lastWrite: number }>;
}

/**
 * dumpNamespace reads every raw field of a namespace and groups them by
 * family, with each family's type and help as the exposition decodes them,
 * and lists the fields the exposition skips, with the reason.
 */
export async function dumpNamespace(store: Store, namespace: string): Promise<NamespaceDump> {
  const client = new ExpositionClient({ store, namespace, onInvalidField: () => undefined });
  const fields = await client.readFields();
  const decoded = decodeNamespace(fields);
  const skippedFields = new Set(decoded.skipped.map((s) => s.field));
  const byName = new Map<string, Array<[string, string, string, string]>>();
  for (const [field, value] of fields) {
    if (skippedFields.has(field)) continue;
    const d = decodeField(field);
    if (typeof d === 'string') continue;
    let list = byName.get(d.name);
    if (list === undefined) byName.set(d.name, (list = []));
    list.push([field, value, d.labelsText, d.extension]);
  }
  const families: DumpedFamily[] = [];
  for (const f of decoded.families) {
    const list = byName.get(f.name) ?? [];
    const keys = new Map(list.map((entry) => [entry, sortKey(entry[2], entry[3])] as const));
    list.sort((a, b) => {
      const ka = keys.get(a)!;
      const kb = keys.get(b)!;
      return rank(a[3]) - rank(b[3]) || byCodeUnit(ka.labels, kb.labels) || ka.le - kb.le || byCodeUnit(a[0], b[0]);
    });
    families.push({ name: f.name, type: f.type, help: f.help, fields: list.map(([field, value]) => [field, value] as const) });
  }
  return { namespace, fieldCount: fields.size, families, skipped: decoded.skipped };
}

/** formatDump renders a dump for people: one block per family, raw fields aligned, skipped fields last. */
export function formatDump(dump: NamespaceDump): string {
  const lines: string[] = [];
  lines.push(
    `namespace ${dump.namespace}: ${dump.fieldCount} field(s), ${dump.families.length} famil${dump.families.length === 1 ? 'y' : 'ies'}, ${dump.skipped.length} skipped`,
  );
  if (dump.fieldCount === 0) lines.push('(nothing is stored under this name: check its spelling, or whether anything has flushed yet)');
  if (dump.writers !== undefined) {
    const now = Date.now() / 1000;
    const latest = dump.writers[0];
    lines.push(
      `writers on record: ${dump.writers.length}` +
        (latest === undefined ? '' : `; last write ${Math.max(0, Math.round(now - latest.lastWrite))} s ago by ${latest.id}`),
    );
  }
  const width = Math.min(80, Math.max(0, ...dump.families.flatMap((f) => f.fields.map(([field]) => field.length))));
  for (const f of dump.families) {
    lines.push('');
    lines.push(`${f.name} (${f.type})${f.help === '' ? '' : ' ' + JSON.stringify(f.help)}`);
    for (const [field, value] of f.fields) lines.push(`  ${field.padEnd(width)}  ${printable(value)}`);
  }
  if (dump.skipped.length > 0) {
    lines.push('');
    lines.push('skipped by the exposition:');
    for (const s of dump.skipped) lines.push(`  ${s.field}  ${JSON.stringify(s.value)}  (${s.reason})`);
  }
  return lines.join('\n') + '\n';
}

/**
 * sortKey is how the fields of a family sort within an extension: by their
 * labels, and a bucket by its other labels and then its bound as a number
 * (`0.005, 2.5, 10, 120, +Inf`), not as text.
 */
function sortKey(labelsText: string, extension: string): { labels: string; le: number } {
  if (extension !== Extension.bucket) return { labels: labelsText, le: 0 };
  const pairs = decodeLabels(labelsText);
  if (typeof pairs === 'string') return { labels: labelsText, le: 0 };
  const le = pairs.find(([name]) => name === 'le')?.[1];
  const rest = pairs.filter(([name]) => name !== 'le').map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(',');
  return { labels: rest, le: (le === undefined ? undefined : parseNumber(le)) ?? Infinity };
}

/** printable shows a value on one line: as it is, or quoted and escaped when it holds a line break or another control character. */
function printable(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return JSON.stringify(value);
  }
  return value;
}

/** Description and type first, then values, buckets, sums, counts, then anything else. */
function rank(extension: string): number {
  const order: string[] = [Extension.description, Extension.type, Extension.value, Extension.bucket, Extension.sum, Extension.count];
  const i = order.indexOf(extension);
  return i < 0 ? order.length : i;
}
