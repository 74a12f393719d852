import { DecodedField, Extension } from '../../codec/field';
import { decodeCanonicalLabels, valueEnd } from '../../codec/labels';
import { formatNumber, isCanonicalDecimal, parseNumber } from '../../codec/number';
import { flatten } from '../../util/flatten';
import type { WrittenLabel } from '../render/text';
import type { SkipReason } from './skipReasons';
import { splitField } from './splitField';

/**
 * @internal FieldEntry is a field as the decoder keeps it: how it splits (or
 * why it cannot be read), and, for a counter or gauge value field written
 * canonically, the start of its sample line and the line of the last value
 * text seen. The lines are the reader's own: they never reach the families it
 * returns.
 */
export class FieldEntry {
  /** The number of the last read that gave the field (see FieldCache). */
  read = 0;
  /** For a canonical value field, its sample line up to the value: `name{labels} `. */
  readonly prefix: string | undefined;
  /**
   * True for a `b`, `s`, `c`, `p`, `n`, `z`, `q`, `a` or `m` field written
   * canonically: a part of a histogram or summary family whose value text the
   * reader keeps (`numberText`) to render the family's series from.
   */
  readonly seriesPart: boolean;
  private lastText: string | undefined;
  private lastLine: string | undefined;
  /**
   * For `labelledLine`: the name of the label it was last asked to write,
   * and where that label goes in the field's sample line (`labelAt`) and how
   * (`labelPlace`: before a pair, after the last one, or alone in braces).
   */
  private labelName: string | undefined;
  private labelAt = 0;
  private labelPlace = LabelPlace.alone;

  /**
   * The value text of the last `line` or `numberText` that found a number:
   * equal to the text given then, but the string kept from the read that
   * first saw it, so that
   * a reader keeping it for the rest of a read keeps an old string and lets
   * the new one go at once (young strings that live on are copied by the
   * garbage collector, old ones are not).
   */
  get text(): string | undefined {
    return this.lastText;
  }

  constructor(
    readonly field: string,
    /** The field split, or the reason code of the first check of the field alone that it fails. */
    readonly split: DecodedField | SkipReason,
    /** True when the field's labels part is exactly what encodeLabels writes. */
    readonly canonical: boolean,
  ) {
    if (canonical && typeof split !== 'string' && split.extension === Extension.value) {
      this.prefix = flatten(split.name + (split.labelsText === '' ? '' : '{' + split.labelsText + '}') + ' ');
    }
    this.seriesPart = canonical && typeof split !== 'string' && SERIES_PARTS.has(split.extension);
  }

  /**
   * of splits and checks `field` with splitField (label names shared through
   * `labelNames`; metric names in `known` taken as valid). A canonical value
   * or series part field keeps the metric name string `known` holds for its
   * name, when it holds one, instead of its own: the fields of a family share
   * one string, not one slice of each field.
   */
  static of(field: string, labelNames: string[], known: KnownNames): FieldEntry {
    const s = splitField(field, labelNames, known);
    if (typeof s === 'string') return new FieldEntry(field, s, false);
    const d = s.split;
    if (s.canonical && (d.extension === Extension.value || SERIES_PARTS.has(d.extension))) {
      const name = known.get(d.name)?.name ?? d.name;
      return new FieldEntry(field, new CanonicalSplit(name, d.extension, d.labelsText, labelNames), true);
    }
    return new FieldEntry(field, d, s.canonical);
  }

  /**
   * line returns the sample line (with its line feed) of this canonical value
   * field for the value text `text`, or undefined when the text is not a
   * number. The value is written as formatNumber writes it.
   */
  line(text: string): string | undefined {
    if (text === this.lastText) return this.lastLine;
    let value: string;
    if (isCanonicalDecimal(text)) {
      value = text;
    } else {
      const n = parseNumber(text);
      if (n === undefined) return undefined;
      value = formatNumber(n);
    }
    const line = this.prefix + value + '\n';
    this.lastText = text;
    this.lastLine = line;
    return line;
  }

  /**
   * labelledLine is `line`, a sample line of this canonical value field (as
   * `line` made it), with one more label pair written among its labels in
   * name order: the line a renderer writes for the series when its family
   * has `label` as its common label (see MetricFamily). The label must not
   * be one of the field's. Where the label goes is found once per label
   * name; the entry keeps no more text than `line` does.
   */
  labelledLine(line: string, label: LabelInsert): string {
    if (label.name !== this.labelName) this.placeLabel(label.name);
    const at = this.labelAt;
    const place = this.labelPlace;
    return line.slice(0, at) + (place === LabelPlace.before ? label.before : place === LabelPlace.after ? label.after : label.alone) + line.slice(at);
  }

  /** placeLabel finds where a label named `name` goes in this field's sample line (see labelledLine). */
  private placeLabel(name: string): void {
    const split = this.split as DecodedField;
    const labelsText = split.labelsText;
    const start = split.name.length + 1; // past the `{`
    this.labelName = name;
    if (labelsText === '') {
      this.labelAt = split.name.length;
      this.labelPlace = LabelPlace.alone;
      return;
    }
    const i = pairAfter(labelsText, name);
    this.labelAt = start + (i < 0 ? labelsText.length : i);
    this.labelPlace = i < 0 ? LabelPlace.after : LabelPlace.before;
  }

  /**
   * numberText returns the value text `text` of this field when it is a
   * number, or undefined: the string kept from an earlier read when that
   * read gave the same text (see `text`).
   */
  numberText(text: string): string | undefined {
    if (text === this.lastText) return this.lastText;
    if (parseNumber(text) === undefined) return undefined;
    this.lastText = text;
    return text;
  }
}

/**
 * @internal KnownNames are the metric names a read has met so far, each with
 * the one string of that name its fields share (the reader's families).
 */
export interface KnownNames {
  has(name: string): boolean;
  get(name: string): { readonly name: string } | undefined;
}

/** Where labelledLine writes a label in a sample line. */
const enum LabelPlace {
  /** Before a pair: the label, then a comma. */
  before,
  /** After the last pair: a comma, then the label. */
  after,
  /** In a line without labels: the label in braces. */
  alone,
}

/**
 * @internal A label as labelledLine writes it: its name, and its pair
 * (`name="value"`, escaped) as it goes before another pair, after the last
 * one, or alone in braces.
 */
export interface LabelInsert {
  readonly name: string;
  readonly before: string;
  readonly after: string;
  readonly alone: string;
}

/** labelInsert prepares a written label for labelledLine. */
export function labelInsert(label: WrittenLabel): LabelInsert {
  return { name: label.name, before: label.text + ',', after: ',' + label.text, alone: '{' + label.text + '}' };
}

/**
 * pairAfter is the index in a labels part of label pairs in name order
 * (`a="x",c="y"`) of the first pair whose name sorts after `name`, where
 * labelPairs places a family's common label of that name; -1 when none does.
 */
export function pairAfter(labelsText: string, name: string): number {
  let i = 0;
  while (i < labelsText.length) {
    const eq = labelsText.indexOf('=', i);
    if (eq < 0) return -1;
    if (name < labelsText.slice(i, eq)) return i;
    i = valueEnd(labelsText, eq) + 2; // past the closing quote and the comma
  }
  return -1;
}

/**
 * uniformLabelNames returns the label names of canonical value fields, in
 * name order, when every field has the same ones (no labels counts as the
 * same empty list); undefined when two differ or there are no fields.
 */
export function uniformLabelNames(entries: readonly FieldEntry[]): readonly string[] | undefined {
  if (entries.length === 0) return undefined;
  const names = labelNamesOf((entries[0].split as DecodedField).labelsText);
  for (let i = 1; i < entries.length; i++) {
    if (!hasLabelNames((entries[i].split as DecodedField).labelsText, names)) return undefined;
  }
  return names;
}

/** labelNamesOf lists the label names of a labels part (`a="x",c="y"`), in the order written. */
function labelNamesOf(labelsText: string): string[] {
  const names: string[] = [];
  let i = 0;
  while (i < labelsText.length) {
    const eq = labelsText.indexOf('=', i);
    if (eq < 0) break;
    names.push(labelsText.slice(i, eq));
    i = valueEnd(labelsText, eq) + 2; // past the closing quote and the comma
  }
  return names;
}

/** hasLabelNames tells whether a labels part has exactly the label names `names`, in that order. */
function hasLabelNames(labelsText: string, names: readonly string[]): boolean {
  let i = 0;
  for (const name of names) {
    if (i >= labelsText.length || !labelsText.startsWith(name, i) || labelsText.charCodeAt(i + name.length) !== 61 /* = */) return false;
    i = valueEnd(labelsText, i + name.length) + 2;
  }
  return i >= labelsText.length;
}

/** The extensions of the fields histograms and summaries are rendered from: buckets, sums, counts, cells and the summary's sketch fields. */
const SERIES_PARTS: ReadonlySet<string> = new Set([Extension.bucket, Extension.sum, Extension.count, 'p', 'n', 'z', 'q', 'a', 'm']);

/**
 * The split of a canonical value field or part of a histogram or summary
 * (see `seriesPart`), which keeps its labels part and decodes its label
 * pairs (by the same fast path that checked them) only when first asked for,
 * which only building families (and assembling histograms and summaries)
 * does. A reader keeps an entry per field from one read to the next, and the
 * pairs (four arrays and a string per label) were most of what it kept for a
 * scrape that renders the fields' own lines, or a family's from its layout; a
 * reader that builds families keeps them, as before.
 */
class CanonicalSplit implements DecodedField {
  private pairs: Array<[string, string]> | undefined;

  constructor(
    readonly name: string,
    readonly extension: string,
    readonly labelsText: string,
    private readonly labelNames: string[],
  ) {}

  get labels(): Array<[string, string]> {
    return (this.pairs ??= decodeCanonicalLabels(this.labelsText, this.labelNames)!);
  }
}
