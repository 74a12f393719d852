import { byCodeUnit } from '../util/byCodeUnit';
import { nameEnd } from './names';

/** A label set after validation: label name to label value, values as strings. */
export type LabelPairs = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * valueEnd is the index of the quote that closes the value of the label pair
 * whose `=` is at `eq` in a labels part as written (`a="x",b="y\\"z"`): the
 * next quote after the opening one not escaped by a backslash (the text's
 * length when there is none).
 */
export function valueEnd(labelsText: string, eq: number): number {
  let j = eq + 2;
  while (j < labelsText.length && labelsText.charCodeAt(j) !== 34) j += labelsText.charCodeAt(j) === 92 ? 2 : 1;
  return j;
}

/**
 * escapeLabelValue escapes a label value as the Prometheus text format does:
 * backslash as `\\`, double quote as `\"` and line feed as `\n`.
 */
export function escapeLabelValue(value: string): string {
  if (!/[\\"\n]/.test(value)) return value;
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c));
}

/**
 * escapeText escapes backslash as `\\` and line feed as `\n`, as the
 * Prometheus text format escapes a help text.
 */
export function escapeText(text: string): string {
  if (!/[\\\n]/.test(text)) return text;
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/**
 * encodeLabels writes label pairs as the labels part of a field:
 * `name="value"` joined by commas, sorted by name, values escaped. Pairs with an
 * empty value are left out: in Prometheus an empty label value is the same as
 * no label.
 */
export function encodeLabels(pairs: LabelPairs): string {
  const kept = pairs.filter((p) => p[1] !== '');
  kept.sort((a, b) => byCodeUnit(a[0], b[0]));
  let out = '';
  for (let i = 0; i < kept.length; i++) {
    if (i > 0) out += ',';
    out += kept[i][0] + '="' + escapeLabelValue(kept[i][1]) + '"';
  }
  return out;
}

/**
 * decodeLabels parses the labels part of a field. It returns the pairs in the
 * order written, or a string that says what is wrong. It checks that names are
 * valid label names, that every value is quoted and properly escaped, that
 * names do not repeat and that they are sorted.
 */
export function decodeLabels(text: string): Array<[string, string]> | string {
  const pairs: Array<[string, string]> = [];
  let i = 0;
  while (i < text.length) {
    if (pairs.length > 0) {
      if (text[i] !== ',') return `expected "," at offset ${i}`;
      i++;
    }
    const end = nameEnd(text, i);
    if (end === i) return `expected a label name at offset ${i}`;
    const name = text.slice(i, end);
    i = end;
    if (text[i] !== '=' || text[i + 1] !== '"') return `expected '="' after label "${name}"`;
    i += 2;
    let value = '';
    let closed = false;
    while (i < text.length) {
      const c = text[i++];
      if (c === '"') {
        closed = true;
        break;
      }
      if (c === '\\') {
        const e = text[i++];
        if (e === '\\' || e === '"') value += e;
        else if (e === 'n') value += '\n';
        else return `bad escape "\\${e ?? ''}" in the value of label "${name}"`;
      } else {
        value += c;
      }
    }
    if (!closed) return `unterminated value of label "${name}"`;
    const prev = pairs[pairs.length - 1];
    if (prev !== undefined && prev[0] >= name) {
      return prev[0] === name ? `label "${name}" repeats` : `labels are not sorted ("${prev[0]}" before "${name}")`;
    }
    pairs.push([name, value]);
  }
  return pairs;
}

/** The most label names decodeCanonicalLabels remembers in the list it is given. */
const MAX_SHARED_NAMES = 64;

/**
 * decodeCanonicalLabels is the fast path of decodeLabels for a labels part
 * exactly as encodeLabels writes it: valid names, sorted, none repeated, each
 * value non-empty and free of what escaping changes (backslash, line feed).
 * For such a text it returns the pairs decodeLabels returns; for any other
 * text it returns undefined, and decodeLabels decides (and says what is
 * wrong). It finds separators with `indexOf` instead of reading character by
 * character, and takes each label name from `names` when it is there, adding
 * new ones (up to 64), so that the many fields of a namespace share one
 * string per label name.
 */
export function decodeCanonicalLabels(text: string, names: string[]): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  const n = text.length;
  let prev = '';
  let i = 0;
  while (i < n) {
    const eq = text.indexOf('="', i);
    if (eq <= i) return undefined;
    const name = sharedName(text, i, eq, names);
    if (name === undefined || (pairs.length > 0 && !(prev < name))) return undefined;
    const close = text.indexOf('"', eq + 2);
    if (close < 0) return undefined;
    const value = text.slice(eq + 2, close);
    if (value === '' || value.indexOf('\\') >= 0 || value.indexOf('\n') >= 0) return undefined;
    pairs.push([name, value]);
    prev = name;
    if (close + 1 === n) break;
    if (text.charCodeAt(close + 1) !== 44 /* , */ || close + 2 === n) return undefined;
    i = close + 2;
  }
  return pairs;
}

/**
 * sharedName returns the label name `text` holds from `start` to `end`: one of
 * `names`, or a new valid name, which it adds to `names`; undefined when the
 * text is not a valid label name.
 */
function sharedName(text: string, start: number, end: number, names: string[]): string | undefined {
  const length = end - start;
  for (let k = 0; k < names.length; k++) {
    const known = names[k];
    if (known.length === length && text.startsWith(known, start)) return known;
  }
  if (nameEnd(text, start) !== end) return undefined;
  const name = text.slice(start, end);
  if (names.length < MAX_SHARED_NAMES) names.push(name);
  return name;
}
