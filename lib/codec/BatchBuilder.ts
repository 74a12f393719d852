import { formatNumber } from './number';
import { flatten } from '../util/flatten';
import { escapeOpValue, Op } from './ops';

/** The most writes one batch carries (one script call); a larger flush is several batches in one round trip. */
export const OPS_PER_BATCH = 2000;

/**
 * BatchBuilder collects the writes of one flush into batches of op records,
 * as the flush script reads them (the records are defined in codec/ops):
 * integral increments go by HINCRBY, other increments by HINCRBYFLOAT, sets
 * by HSET, start values by HSETNX, removals by HDEL. Metrics drain their
 * pending updates into it; the registry's flusher sends each batch as soon
 * as it is sealed.
 */
export class BatchBuilder {
  /** The batches sealed so far. */
  private readonly sealed: string[] = [];
  private current = '';
  private inCurrent = 0;
  private total = 0;

  /**
   * @param onSeal is called with each batch as soon as it is full (and with the
   *   last one by `batches()`), so that it can be sent while the rest is built.
   */
  constructor(
    private readonly onSeal?: (batch: string) => void,
    private readonly perBatch = OPS_PER_BATCH,
  ) {}

  /** The number of writes collected. */
  get length(): number {
    return this.total;
  }

  /** incr adds `by` to `field`. */
  incr(field: string, by: number): void {
    if (Number.isSafeInteger(by)) this.add(Op.addInteger, field, String(by));
    else this.add(Op.addFloat, field, formatNumber(by));
  }

  /** set writes `value` to `field`. */
  set(field: string, value: string | number): void {
    this.add(Op.set, field, typeof value === 'number' ? formatNumber(value) : escapeOpValue(value));
  }

  /** setIfAbsent writes `value` to `field` unless the field exists. */
  setIfAbsent(field: string, value: string | number): void {
    this.add(Op.setIfAbsent, field, typeof value === 'number' ? formatNumber(value) : escapeOpValue(value));
  }

  /** remove deletes `field`. */
  remove(field: string): void {
    this.add(Op.remove, field, '');
  }

  /** setProcess writes `value` to `field` of the writer's process hash. */
  setProcess(field: string, value: number): void {
    this.add(Op.setProcess, field, formatNumber(value));
  }

  /** setProcessStamped writes `value` and the Redis time to `field` of the writer's process hash. */
  setProcessStamped(field: string, value: number): void {
    this.add(Op.setProcessStamped, field, formatNumber(value));
  }

  /** removeProcess deletes `field` of the writer's process hash. */
  removeProcess(field: string): void {
    this.add(Op.removeProcess, field, '');
  }

  /** batches seals the batch being filled and returns every batch, in order. */
  batches(): string[] {
    if (this.inCurrent > 0) this.seal();
    return this.sealed;
  }

  private add(op: string, field: string, value: string): void {
    this.current += op + field + '\n' + value + '\n';
    this.total++;
    if (++this.inCurrent === this.perBatch) this.seal();
  }

  private seal(): void {
    // one flat string: the pieces of a batch (about five per write) would otherwise live as long as the batch
    const batch = flatten(this.current);
    this.sealed.push(batch);
    this.current = '';
    this.inCurrent = 0;
    this.onSeal?.(batch);
  }
}
