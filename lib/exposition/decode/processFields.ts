import { ProcessExtension } from '../../codec/field';
import { formatNumber, parseNumber } from '../../codec/number';
import { byCodeUnit } from '../../util/byCodeUnit';
import type { SkippedField } from './samples';

/**
 * The per-process data of a namespace as read (the shape of the store's
 * ProcessData): the reader's clock by Redis `TIME`, the processes hash, each
 * listed writer's process hash and the folded hash, all flat.
 */
export interface ProcessHashes {
  readonly nowMs: number;
  readonly deadlines: readonly string[];
  readonly processes: ReadonlyMap<string, readonly string[]>;
  readonly folded: readonly string[];
}

/** What processFields returns: gauge value fields of the namespace hash's format, and what it skipped. */
export interface ProcessFields {
  /** One `{name}::{labels}` field per series, with its value spelled canonically, sorted by field. */
  readonly fields: Array<readonly [string, string]>;
  /** The live writers: those whose deadline is after `nowMs`. */
  readonly live: string[];
  readonly skipped: SkippedField[];
}

/** How the values of one series' fields of one extension are combined. */
type Combine = 'sum' | 'max' | 'min' | 'last';

const COMBINE: Readonly<Record<string, { combine: Combine; live: boolean }>> = {
  [ProcessExtension.liveSum]: { combine: 'sum', live: true },
  [ProcessExtension.perProcess]: { combine: 'sum', live: true },
  [ProcessExtension.liveMax]: { combine: 'max', live: true },
  [ProcessExtension.liveMin]: { combine: 'min', live: true },
  [ProcessExtension.liveLast]: { combine: 'last', live: true },
  [ProcessExtension.max]: { combine: 'max', live: false },
  [ProcessExtension.min]: { combine: 'min', live: false },
};

interface Series {
  readonly field: string;
  readonly combine: Combine;
  value: number;
  /** For `last`: the Redis time of the value, and the writer, which breaks ties. */
  at: number;
  writer: string;
}

/**
 * processFields applies the readers' liveness rule (docs/format.md,
 * "Processes"): a writer is live while its deadline in the processes hash is
 * after the Redis clock. It combines the per-process gauge values of the live
 * writers (and, for `h` and `l`, of every listed writer and the folded hash)
 * into one value per series, as fields of the namespace hash's format, which
 * a reader gives its decoder before the namespace hash: a field of the
 * namespace hash with the same text is then a repeat, and ignored. Fields that
 * break the rules are skipped and listed. Work is linear in the fields. Pure.
 *
 * @example
 * processFields({ nowMs: 1000, deadlines: ['w1', '5000'], processes: new Map([['w1', ['jobs:S:', '2']]]), folded: [] }).fields
 * // [['jobs::', '2']]
 */
export function processFields(data: ProcessHashes): ProcessFields {
  const skipped: SkippedField[] = [];
  const series = new Map<string, Series>();
  const live: string[] = [];
  const d = data.deadlines;
  const order: Array<[string, boolean]> = [];
  for (let i = 0; i + 1 < d.length; i += 2) {
    const deadline = parseNumber(d[i + 1]);
    const alive = deadline !== undefined && deadline > data.nowMs;
    if (alive) live.push(d[i]);
    order.push([d[i], alive]);
  }
  order.sort((a, b) => byCodeUnit(a[0], b[0]));
  const add = (writer: string, alive: boolean, flat: readonly string[], folded: boolean) => {
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const field = flat[i];
      const text = flat[i + 1];
      const first = field.indexOf(':');
      const second = first < 0 ? -1 : field.indexOf(':', first + 1);
      if (second < 0) {
        skipped.push({ field, value: text, reason: 'invalid-field' });
        continue;
      }
      const ext = field.slice(first + 1, second);
      const rule = COMBINE[ext];
      if (rule === undefined || (folded && rule.live)) {
        skipped.push({ field, value: text, reason: 'unknown-extension' });
        continue;
      }
      if (rule.live && !alive) continue; // a dead writer's live values are ignored, without a report
      let valueText = text;
      let at = 0;
      if (rule.combine === 'last' && !folded) {
        const space = text.lastIndexOf(' ');
        at = space < 0 ? NaN : Number(text.slice(space + 1));
        valueText = space < 0 ? '' : text.slice(0, space);
      }
      const value = parseNumber(valueText);
      if (value === undefined || Number.isNaN(at)) {
        skipped.push({ field, value: text, reason: 'invalid-value' });
        continue;
      }
      const out = field.slice(0, first) + '::' + field.slice(second + 1);
      const key = ext + out;
      const s = series.get(key);
      if (s === undefined) series.set(key, { field: out, combine: rule.combine, value, at, writer });
      else if (s.combine === 'sum') s.value += value;
      else if (s.combine === 'max' ? value > s.value : s.combine === 'min' ? value < s.value : at > s.at) {
        s.value = value;
        s.at = at;
        s.writer = writer;
      }
    }
  };
  add('', false, data.folded, true);
  for (const [writer, alive] of order) add(writer, alive, data.processes.get(writer) ?? [], false);
  const fields = [...series.values()].map((s) => [s.field, formatNumber(s.value)] as const);
  fields.sort((a, b) => byCodeUnit(a[0], b[0]));
  return { fields, live, skipped };
}
