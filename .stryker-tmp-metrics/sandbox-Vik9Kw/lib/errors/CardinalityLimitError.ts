/**
 * CardinalityLimitError reports that a metric reached its `maxSeries` limit:
 * updates to label sets beyond it are dropped and counted. It is reported
 * once per metric.
 */
// @ts-nocheck

export class CardinalityLimitError extends Error {
  override readonly name = 'CardinalityLimitError';

  constructor(
    /** The metric name. */
    readonly metric: string,
    /** The limit, in series. */
    readonly limit: number,
    /** The label values of the first label set dropped. */
    readonly labels: Readonly<Record<string, string>>,
  ) {
    super(
      `metric "${metric}" has reached its limit of ${limit} series (maxSeries); ` +
        `dropping updates to new label sets, starting with ${JSON.stringify(labels)}`,
    );
  }
}
