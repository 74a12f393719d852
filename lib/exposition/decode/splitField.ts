import { decodeCanonicalField, DecodedField } from '../../codec/field';
import { isName } from '../../codec/names';
import type { SkipReason } from './skipReasons';

/** The extensions of the format: the empty one, `d`, `t`, `b`, `s`, `c`, and the summary's `a`, `m`, `q`, `p`, `n`, `z`. */
const EXTENSIONS: ReadonlySet<string> = new Set(['', 'd', 't', 'b', 's', 'c', 'a', 'm', 'q', 'p', 'n', 'z']);

/** The extensions whose labels part must be empty. */
const METADATA: ReadonlySet<string> = new Set(['d', 't', 'a', 'm']);

/**
 * splitField splits a field into name, extension and labels and makes the
 * checks of the reader's rules that need the field alone (docs/format.md,
 * "The order of the checks", 3 to 12): it returns the split field, or the
 * reason code of the first check it fails. Fields as writers write them go
 * through the codec's canonical fast path (label names shared through
 * `labelNames`; metric names in `checkedNames` taken as valid). Pure.
 */
export function splitField(
  field: string,
  labelNames: string[],
  checkedNames?: { has(name: string): boolean },
): { readonly split: DecodedField; readonly canonical: boolean } | SkipReason {
  const canonical = decodeCanonicalField(field, labelNames, checkedNames);
  if (canonical !== undefined) {
    if (canonical.name === '_total') return 'invalid-metric-name';
    if (!EXTENSIONS.has(canonical.extension)) return 'unknown-extension';
    // A canonical labels part follows the grammar, with valid names, sorted, none repeated: checks 6, 7, 10 and 11 hold.
    const reason = checkLabelNames(canonical.labels, canonical.extension) ?? checkMetadata(canonical);
    return reason ?? { split: canonical, canonical: true };
  }
  const first = field.indexOf(':');
  const second = first < 0 ? -1 : field.indexOf(':', first + 1);
  if (second < 0) return 'invalid-field';
  const name = field.slice(0, first);
  if (!isName(name) || name === '_total') return 'invalid-metric-name';
  const extension = field.slice(first + 1, second);
  if (!EXTENSIONS.has(extension)) return 'unknown-extension';
  const labelsText = field.slice(second + 1);
  const labels = parseLabels(labelsText);
  if (labels === undefined) return 'invalid-labels';
  const split = { name, extension, labels, labelsText };
  const reason = checkLabelNames(labels, extension) ?? checkMetadata(split);
  return reason ?? { split, canonical: false };
}

/** checkMetadata is check 12: a `d`, `t`, `a` or `m` field has an empty labels part. */
function checkMetadata(d: DecodedField): SkipReason | undefined {
  return d.labelsText !== '' && METADATA.has(d.extension) ? 'unexpected-labels' : undefined;
}

/** The reserved labels a cell field (`p`, `n`, `z`) may carry. */
const CELL_RESERVED: ReadonlySet<string> = new Set(['__cell', '__until', '__schema', '__zero_threshold']);

/**
 * checkLabelNames makes checks 7 to 11 label by label, from the left: a valid
 * name, not reserved (`__cell`, `__until`, `__schema` and `__zero_threshold`
 * only in cell fields: a summary's cells, a histogram's native buckets), `le` only in
 * `b` fields and `quantile` only in `q` fields, not repeated, sorted.
 */
export function checkLabelNames(pairs: ReadonlyArray<readonly [string, string]>, extension: string): SkipReason | undefined {
  const cell = extension === 'p' || extension === 'n' || extension === 'z';
  let prev: string | undefined;
  for (const [name] of pairs) {
    if (!isName(name)) return 'invalid-label-name';
    if (name.charCodeAt(0) === 95 && name.charCodeAt(1) === 95 && !(cell && CELL_RESERVED.has(name))) {
      return 'reserved-label-name';
    }
    if ((name === 'le' && extension !== 'b') || (name === 'quantile' && extension !== 'q')) return 'misplaced-label';
    if (prev !== undefined) {
      if (prev === name) return 'repeated-label';
      if (prev > name) return 'unsorted-labels';
    }
    prev = name;
  }
  return undefined;
}

/**
 * parseLabels reads a labels part by the format's labels grammar: pairs
 * `name="value"` joined by `,`, a name every character up to the next `=`,
 * a value every character up to the next unescaped `"`, with the escapes
 * `\\`, `\"` and `\n` only. It returns the pairs in the order written, names
 * unchecked, or undefined when the text breaks the grammar.
 */
export function parseLabels(text: string): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (pairs.length > 0) {
      if (text.charCodeAt(i) !== 44 /* , */ || i + 1 >= n) return undefined;
      i++;
    }
    const eq = text.indexOf('=', i);
    if (eq < 0 || text.charCodeAt(eq + 1) !== 34 /* " */) return undefined;
    const name = text.slice(i, eq);
    i = eq + 2;
    let value = '';
    let start = i;
    for (;;) {
      if (i >= n) return undefined;
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92 /* \ */) {
        const e = text.charCodeAt(i + 1);
        value += text.slice(start, i);
        if (e === 92) value += '\\';
        else if (e === 34) value += '"';
        else if (e === 110 /* n */) value += '\n';
        else return undefined;
        i += 2;
        start = i;
      } else {
        i++;
      }
    }
    value += text.slice(start, i);
    i++;
    pairs.push([name, value]);
  }
  return pairs;
}
