/**
 * InvalidFieldError reports a field of the namespace hash that the exposition
 * skipped: a field that is foreign, corrupt, or written by a newer version of
 * the format. The scrape goes on without it.
 */
// @ts-nocheck

export class InvalidFieldError extends Error {
  override readonly name = 'InvalidFieldError';

  constructor(
    readonly namespace: string,
    readonly field: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`skipped field ${JSON.stringify(field)} of namespace "${namespace}": ${reason}`);
  }
}
