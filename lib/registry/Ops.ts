import { formatNumber } from '../codec/number';

/**
 * Ops collects the writes of one flush as a flat list of
 * `(op, field, value)` triples, the form the flush script reads:
 * `i` adds to a field (HINCRBYFLOAT), `s` sets it (HSET), `n` sets it only
 * when it does not exist yet (HSETNX), `x` deletes it (HDEL).
 */
export class Ops {
  readonly args: string[] = [];

  /** The number of writes collected. */
  get length(): number {
    return this.args.length / 3;
  }

  /** incr adds `by` to `field`. */
  incr(field: string, by: number): void {
    this.args.push('i', field, formatNumber(by));
  }

  /** set writes `value` to `field`. */
  set(field: string, value: string | number): void {
    this.args.push('s', field, typeof value === 'number' ? formatNumber(value) : value);
  }

  /** setIfAbsent writes `value` to `field` unless the field exists. */
  setIfAbsent(field: string, value: string | number): void {
    this.args.push('n', field, typeof value === 'number' ? formatNumber(value) : value);
  }

  /** remove deletes `field`. */
  remove(field: string): void {
    this.args.push('x', field, '');
  }
}
