/**
 * UsageError reports a command of the `instrumentor` CLI called the wrong
 * way: a missing namespace, a bad option value, a refused confirmation. The
 * command exits with status 2 and this message.
 */
// @ts-nocheck

export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** The option or argument at fault, when there is one. */
    readonly option?: string,
  ) {
    super(message);
  }
}
