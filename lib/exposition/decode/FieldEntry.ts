import { DecodedField, Extension } from '../../codec/field';
import { decodeCanonicalLabels } from '../../codec/labels';
import { formatNumber, isCanonicalDecimal, parseNumber } from '../../codec/number';
import { flatten } from '../../util/flatten';
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
   * `labelNames`; names in `checkedNames` taken as valid).
   */
  static of(field: string, labelNames: string[], checkedNames: { has(name: string): boolean }): FieldEntry {
    const s = splitField(field, labelNames, checkedNames);
    if (typeof s === 'string') return new FieldEntry(field, s, false);
    const d = s.split;
    if (s.canonical && (d.extension === Extension.value || SERIES_PARTS.has(d.extension))) {
      return new FieldEntry(field, new CanonicalSplit(d.name, d.extension, d.labelsText, labelNames), true);
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
