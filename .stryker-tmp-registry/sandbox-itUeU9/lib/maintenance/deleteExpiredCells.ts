// @ts-nocheck
import { checkNamespace } from '../codec/field';
import { describe } from '../util/describe';
import { resolveStore, StoreOptions } from '../store/resolveStore';
import { expiredCellFields } from './expiredCellFields';

/** DeleteExpiredCellsOptions configure `deleteExpiredCells`. */
export interface DeleteExpiredCellsOptions extends StoreOptions {
  /** The namespace to clean. */
  namespace: string;
  /**
   * How long after leaving the window a cell is deleted, in seconds, so that
   * a writer whose clock is behind does not lose values it still counts.
   * @default 60
   */
  graceSeconds?: number;
}

/**
 * deleteExpiredCells deletes from a namespace the windowed summary cells
 * that left their window at least `graceSeconds` ago. Writers delete the
 * cells they wrote themselves; this removes those that processes which
 * stopped left behind (readers ignore them either way). Call it now and then
 * from one place, for example next to the exposition. It deletes with HDEL,
 * at most 1000 fields a command, without taking part in any writer's
 * sequence. Resolves to the number of fields deleted; rejects when Redis
 * cannot be read or written. Throws a TypeError for a bad namespace or
 * connection option, or a store that cannot delete fields.
 *
 * @example
 * setInterval(() => void deleteExpiredCells({ redis, namespace: 'shop' }).catch(console.error), 600_000).unref();
 */
export async function deleteExpiredCells(options: DeleteExpiredCellsOptions): Promise<number> {
  if (options === null || typeof options !== 'object') throw new TypeError('deleteExpiredCells needs an options object');
  checkNamespace(options.namespace);
  const grace = options.graceSeconds ?? 60;
  if (typeof grace !== 'number' || !(grace >= 0 && grace < Infinity)) {
    throw new RangeError(`graceSeconds must be a number of seconds >= 0, got ${describe(grace)}`);
  }
  const store = resolveStore(options);
  if (store.deleteFields === undefined) throw new TypeError('deleteExpiredCells needs a store that can delete fields (deleteFields)');
  try {
    const fields: Array<readonly [string, string]> = [];
    for await (const chunk of store.scan(options.namespace, 1000)) fields.push(...chunk);
    const expired = expiredCellFields(fields, Date.now() - grace * 1000);
    return expired.length === 0 ? 0 : await store.deleteFields(options.namespace, expired);
  } finally {
    if (options.store === undefined) await store.close();
  }
}
