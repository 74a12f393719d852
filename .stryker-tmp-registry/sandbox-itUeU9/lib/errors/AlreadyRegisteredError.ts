// @ts-nocheck
import type { Metric } from '../metrics/Metric';

/**
 * AlreadyRegisteredError is thrown by `CollectorRegistry.register` when another
 * metric with the same name is registered already. `existing` is that metric,
 * so the caller can use it instead.
 */
export class AlreadyRegisteredError extends Error {
  override readonly name = 'AlreadyRegisteredError';

  constructor(
    readonly existing: Metric,
    readonly attempted: Metric,
  ) {
    super(`a metric named "${existing.name}" is registered already in this registry; use error.existing to reuse it`);
  }
}
