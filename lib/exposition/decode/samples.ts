/** A field the decoder skipped, and why. */
export interface SkippedField {
  readonly field: string;
  readonly value: string;
  readonly reason: string;
}

/** One data field of a family, split and with its value parsed: what the assemblers of histograms and summaries read. */
export interface RawSample {
  readonly field: string;
  readonly extension: string;
  readonly labels: Array<[string, string]>;
  readonly value: number;
  readonly text: string;
  /** The field's labels part is exactly what encodeLabels writes for `labels`. */
  readonly canonical?: boolean;
}

/** Skip reports a sample that an assembler cannot use, with the reason. */
export type Skip = (sample: RawSample, reason: string) => void;
