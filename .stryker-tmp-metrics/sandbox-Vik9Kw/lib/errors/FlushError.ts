/**
 * FlushError reports a flush that did not reach Redis, or reached it only in
 * part. The updates it carried are kept and sent again, with backoff, until
 * Redis acknowledges them. Subclasses say more: FlushTimeoutError,
 * NamespaceTypeError, IncrementError.
 */
// @ts-nocheck

export class FlushError extends Error {
  override readonly name: string = 'FlushError';

  constructor(
    readonly namespace: string,
    message: string,
    override readonly cause?: unknown,
    /** Fields Redis refused to update (for example a value that is not a number). */
    readonly failedFields: readonly string[] = [],
  ) {
    super(`flush to namespace "${namespace}" failed: ${message}`);
  }
}
