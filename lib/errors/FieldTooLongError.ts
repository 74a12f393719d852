/**
 * FieldTooLongError reports an update to a label set whose fields would be
 * longer than readers read (16,384 bytes of UTF-8, the default of
 * `maxFieldBytes` in docs/format.md, "Limits"): a reader would skip them, so
 * the update is dropped and counted (`field_too_long`) instead of written.
 * It is reported once per metric. The usual cause is a label value taken
 * from unbounded input, such as a whole URL or a request body.
 */
export class FieldTooLongError extends Error {
  override readonly name = 'FieldTooLongError';

  constructor(
    /** The metric name. */
    readonly metric: string,
    /** The label whose value is the longest. */
    readonly label: string,
    /** How long the fields of the label set would be, in bytes, at the least. */
    readonly bytes: number,
    /** The limit, in bytes. */
    readonly limit: number,
  ) {
    super(
      `metric "${metric}": a field of this label set would be ${bytes} bytes long, more than the ${limit} that readers read; ` +
        `dropping updates to it (the longest value is the one of label "${label}")`,
    );
  }
}
