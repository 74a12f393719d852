// @ts-nocheck
import { FlushError } from './FlushError';

/**
 * IncrementError reports fields of the namespace hash that Redis could not
 * increment: they hold something that is not a number, or the sum would not
 * be finite. The fields are left as they are and those increments are dropped;
 * the rest of the flush was applied.
 */
export class IncrementError extends FlushError {
  override readonly name = 'IncrementError';

  constructor(namespace: string, failedFields: readonly string[]) {
    super(
      namespace,
      `Redis could not increment ${failedFields.length} field(s) that do not hold a number: ${failedFields
        .slice(0, 5)
        .map((f) => JSON.stringify(f))
        .join(', ')}${failedFields.length > 5 ? ', …' : ''}`,
      undefined,
      failedFields,
    );
  }
}
