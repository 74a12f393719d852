// @ts-nocheck
import { FlushError } from './FlushError';

/**
 * NamespaceTypeError reports that a key of the namespace exists in Redis with
 * the wrong type (Redis answers WRONGTYPE): the namespace key or its writers
 * key is not a hash, or its seen key is not a sorted set. Nothing is written:
 * the updates are kept and retried until the key is removed or renamed.
 */
export class NamespaceTypeError extends FlushError {
  override readonly name = 'NamespaceTypeError';

  constructor(
    namespace: string,
    /** The Redis key that holds a value of the wrong type. */
    readonly key: string,
    cause?: unknown,
    /** The type the key should have. @default 'hash' */
    readonly expected: 'hash' | 'sorted set' = 'hash',
  ) {
    super(namespace, `the key ${key} is not a ${expected}; delete or rename it, nothing is written until then`, cause);
  }
}
