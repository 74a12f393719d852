import type { FamilyType } from '../families';
import { openMetricsName } from '../render/openmetrics';

/**
 * namesTaken lists every name a family of `type` named `name` takes in the
 * output of either format, with the suffixes the formats reserve for its
 * type (docs/format.md, "Name collisions"): a counter `N` its OpenMetrics
 * name `B`, `B_total` and `B_created` besides `N`; a histogram `N`, `N_bucket`,
 * `N_count`, `N_sum` and `N_created`; a summary `N`, `N_count`, `N_sum` and
 * `N_created`; a gauge or untyped family `N` alone. Two families that take
 * one name cannot both be rendered.
 */
export function namesTaken(name: string, type: FamilyType): string[] {
  switch (type) {
    case 'counter': {
      const base = openMetricsName({ name, type });
      return [name, base, base + '_total', base + '_created'];
    }
    case 'histogram':
      return [name, name + '_bucket', name + '_count', name + '_sum', name + '_created'];
    case 'summary':
      return [name, name + '_count', name + '_sum', name + '_created'];
    default:
      return [name];
  }
}
