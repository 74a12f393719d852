// @ts-nocheck
import { formatNumber, parseNumber } from '../codec/number';
import { decodeOps, Op } from '../codec/ops';
import type { BatchResult, Store, WriteBatch } from './Store';

/**
 * MemoryStore keeps namespaces in this process's memory with the same
 * semantics as RedisStore: for unit tests of instrumented code, and for
 * running without Redis in a single process. Share one instance between the
 * registry and the exposition client.
 *
 * @example
 * const store = new MemoryStore();
 * const registry = new CollectorRegistry({ store, namespace: 'test' });
 * const client = new ExpositionClient({ store, namespace: 'test' });
 */
export class MemoryStore implements Store {
  private readonly hashes = new Map<string, Map<string, string>>();
  private readonly writers = new Map<string, Map<string, number>>();

  /** fields returns a copy of a namespace's fields, for assertions in tests. */
  fields(namespace: string): Map<string, string> {
    return new Map(this.hashes.get(namespace));
  }

  /** delete removes a namespace. */
  delete(namespace: string): void {
    this.hashes.delete(namespace);
    this.writers.delete(namespace);
  }

  async write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    let hash = this.hashes.get(namespace);
    if (hash === undefined) this.hashes.set(namespace, (hash = new Map()));
    let writers = this.writers.get(namespace);
    if (writers === undefined) this.writers.set(namespace, (writers = new Map()));
    const results: BatchResult[] = [];
    for (const b of batches) {
      // as the flush script: what the writer says was applied counts when the store remembers less
      let last = writers.get(writerId);
      if (b.after !== undefined && (last === undefined || last < b.after)) last = b.after;
      if (last !== undefined && b.seq <= last) {
        results.push([]);
        continue;
      }
      if (last !== undefined && b.seq !== last + 1) {
        results.push(new Error(`SEQGAP batch ${b.seq} of writer ${writerId} does not follow ${last}`));
        continue;
      }
      const failed: string[] = [];
      for (const [op, field, value] of decodeOps(b.ops)) {
        if (op === Op.addInteger || op === Op.addFloat) {
          const current = hash.get(field);
          const base = current === undefined ? 0 : parseNumber(current);
          const by = parseNumber(value);
          if (base === undefined || by === undefined || !Number.isFinite(base + by)) failed.push(field);
          else hash.set(field, formatNumber(base + by));
        } else if (op === Op.set) {
          hash.set(field, value);
        } else if (op === Op.setIfAbsent) {
          if (!hash.has(field)) hash.set(field, value);
        } else if (op === Op.remove) {
          hash.delete(field);
        }
      }
      writers.set(writerId, b.seq);
      results.push(failed);
    }
    return results;
  }

  async deleteFields(namespace: string, fields: readonly string[]): Promise<number> {
    const hash = this.hashes.get(namespace);
    let deleted = 0;
    for (const f of fields) if (hash?.delete(f) === true) deleted++;
    return deleted;
  }

  async *scan(namespace: string, count: number): AsyncIterable<ReadonlyArray<readonly [string, string]>> {
    const entries = [...(this.hashes.get(namespace) ?? [])];
    for (let i = 0; i < entries.length; i += count) yield entries.slice(i, i + count);
    if (entries.length === 0) yield [];
  }

  async close(): Promise<void> {}
}
