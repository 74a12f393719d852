import type { Metric } from '../metrics/Metric';

/**
 * NameCollisionError is thrown by `CollectorRegistry.register` when a metric
 * would write samples under a name another registered metric writes too: a
 * histogram `foo` writes `foo_bucket`, `foo_sum` and `foo_count`, a summary
 * `foo_sum` and `foo_count`, a counter `foo` and `foo_total` (OpenMetrics
 * names a counter's samples `_total`), so a counter `foo_bucket`, a gauge
 * `foo_sum` or a counter `foo` next to a gauge `foo_total` would mix in the
 * exposition. `existing` is the metric registered already.
 */
export class NameCollisionError extends Error {
  override readonly name = 'NameCollisionError';

  constructor(
    readonly existing: Metric,
    readonly attempted: Metric,
    /** The sample name both would write. */
    readonly sampleName: string,
  ) {
    super(
      `${attempted.type} "${attempted.name}" cannot be registered next to ${existing.type} "${existing.name}": ` +
        `both would expose samples named "${sampleName}"; rename one of them`,
    );
  }
}
