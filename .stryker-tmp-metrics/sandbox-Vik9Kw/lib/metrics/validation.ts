// @ts-nocheck
import { isName, isReservedName, RESERVED_LABELS } from '../codec/names';
import { describe } from '../util/describe';

/**
 * checkMetricName throws a TypeError unless `name` follows the Prometheus
 * metric naming rules without the colon, which separates the parts of a field
 * in the namespace hash (and which Prometheus reserves for recording rules).
 */
export function checkMetricName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !isName(name)) {
    throw new TypeError(
      `${JSON.stringify(name)} is not a valid metric name: use letters, digits and "_", not starting with a digit (no ":")`,
    );
  }
}

/** checkLabelNames throws a TypeError naming the metric and the label when a label name is invalid, reserved, or repeated. */
export function checkLabelNames(metric: string, names: unknown): string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names) && !(names instanceof Set)) {
    throw new TypeError(`metric "${metric}": allowedLabels must be an array of label names, got ${describe(names)}`);
  }
  const out: string[] = [];
  for (const n of names) {
    if (typeof n !== 'string' || !isName(n) || isReservedName(n)) {
      throw new TypeError(`metric "${metric}": ${JSON.stringify(n)} is not a valid label name`);
    }
    if (RESERVED_LABELS.includes(n)) {
      throw new TypeError(`metric "${metric}": label name "${n}" is reserved`);
    }
    if (out.includes(n)) throw new TypeError(`metric "${metric}": label name "${n}" is declared twice`);
    out.push(n);
  }
  return out;
}
