import type { Labels, ValueSeries } from './families';

/**
 * @internal LinedSeries is a counter or gauge series read from a canonical
 * field, carrying its sample line as the text format writes it
 * (`name{labels} value\n`), so that renderText copies the line instead of
 * building it. The line is private: a copy of the series (`{ ...s }`) or any
 * other series object is rendered the usual way, and lineOf checks that
 * labels and value are still the ones the line was made for.
 */
export class LinedSeries implements ValueSeries {
  readonly #line: string;
  readonly #labels: Labels;
  readonly #value: number;

  constructor(
    readonly labels: Labels,
    readonly value: number,
    line: string,
  ) {
    this.#line = line;
    this.#labels = labels;
    this.#value = value;
  }

  /** lineOf returns the sample line of `s` when it is a LinedSeries of family `name` whose labels and value are unchanged. */
  static lineOf(s: ValueSeries, name: string): string | undefined {
    if (!(s instanceof LinedSeries) || s.labels !== s.#labels || !Object.is(s.value, s.#value)) return undefined;
    const line = s.#line;
    const after = line.charCodeAt(name.length); // `{` or space when the line starts with exactly this name
    return (after === 123 || after === 32) && line.startsWith(name) ? line : undefined;
  }
}
