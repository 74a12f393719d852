/**
 * BufferFullError reports that updates were dropped because the registry
 * already held `limit` series waiting for Redis (see `maxBufferedSeries`).
 * Updates to series already waiting keep merging; updates that would add a
 * series are dropped and counted. It is reported once each time the buffer
 * fills up.
 */
// @ts-nocheck

export class BufferFullError extends Error {
  override readonly name = 'BufferFullError';

  constructor(
    readonly namespace: string,
    /** The bound that was reached, in series. */
    readonly limit: number,
    /** The metric whose update was dropped first. */
    readonly metric: string,
  ) {
    super(
      `namespace "${namespace}": ${limit} series are waiting for Redis (maxBufferedSeries); ` +
        `dropping updates to further series, starting with metric "${metric}"`,
    );
  }
}
