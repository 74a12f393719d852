/**
 * InvalidFieldError reports a field of the namespace hash that the exposition
 * skipped: a field that is foreign, corrupt, or written by a newer version of
 * the format. The scrape goes on without it.
 */
export class InvalidFieldError extends Error {
  override readonly name = 'InvalidFieldError';

  constructor(
    readonly namespace: string,
    readonly field: string,
    readonly value: string,
    /** The reason code of the reader's rules (docs/format.md, "The order of the checks"), such as `reserved-label-name`. */
    readonly reason: string,
  ) {
    super(`skipped field ${JSON.stringify(field)} of namespace "${namespace}": ${reason}`);
  }
}
