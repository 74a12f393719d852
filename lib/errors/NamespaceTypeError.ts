import { FlushError } from './FlushError';

/**
 * NamespaceTypeError reports that the namespace key exists in Redis but is not
 * a hash (Redis answers WRONGTYPE). Nothing is written to it: the updates are
 * kept and retried until the key is removed or renamed.
 */
export class NamespaceTypeError extends FlushError {
  override readonly name = 'NamespaceTypeError';

  constructor(
    namespace: string,
    /** The Redis key that holds something other than a hash. */
    readonly key: string,
    cause?: unknown,
  ) {
    super(namespace, `the key ${key} is not a hash; delete or rename it, nothing is written until then`, cause);
  }
}
