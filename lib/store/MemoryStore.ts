import { formatNumber, parseNumber } from '../codec/number';
import { decodeOps, Op } from '../codec/ops';
import type { BatchResult, ProcessData, Store, WriteBatch } from './Store';

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
  /** Per namespace, the deadline of each writer (Unix time in milliseconds). */
  private readonly deadlines = new Map<string, Map<string, number>>();
  /** Per namespace, each writer's process hash. */
  private readonly processHashes = new Map<string, Map<string, Map<string, string>>>();
  private readonly foldedHashes = new Map<string, Map<string, string>>();

  /** fields returns a copy of a namespace's fields, for assertions in tests. */
  fields(namespace: string): Map<string, string> {
    return new Map(this.hashes.get(namespace));
  }

  /** delete removes a namespace. */
  delete(namespace: string): void {
    this.hashes.delete(namespace);
    this.writers.delete(namespace);
    this.deadlines.delete(namespace);
    this.processHashes.delete(namespace);
    this.foldedHashes.delete(namespace);
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
        } else if (op === Op.setProcess || op === Op.setProcessStamped || op === Op.removeProcess) {
          const own = this.processHash(namespace, writerId);
          if (op === Op.removeProcess) own.delete(field);
          else own.set(field, op === Op.setProcess ? value : `${value} ${Date.now()}`);
        }
      }
      writers.set(writerId, b.seq);
      results.push(failed);
    }
    return results;
  }

  /** heartbeat: see Store.heartbeat; the clock is this process's. */
  async heartbeat(namespace: string, writerId: string, aliveMs: number): Promise<boolean> {
    let deadlines = this.deadlines.get(namespace);
    if (deadlines === undefined) this.deadlines.set(namespace, (deadlines = new Map()));
    const now = Date.now();
    const before = deadlines.get(writerId);
    deadlines.set(writerId, now + aliveMs);
    return before !== undefined && before > now;
  }

  /** forget: see Store.forget. */
  async forget(namespace: string, writerId: string, retentionMs?: number): Promise<boolean> {
    const deadline = this.deadlines.get(namespace)?.get(writerId);
    if (retentionMs !== undefined && deadline !== undefined && deadline + retentionMs > Date.now()) return false;
    const own = this.processHashes.get(namespace)?.get(writerId);
    if (own !== undefined) {
      let folded = this.foldedHashes.get(namespace);
      if (folded === undefined) this.foldedHashes.set(namespace, (folded = new Map()));
      for (const [field, value] of own) {
        const ext = /^[^:]*:([^:]*):/.exec(field)?.[1];
        if (ext !== 'h' && ext !== 'l') continue;
        const x = parseNumber(value);
        const kept = folded.get(field) === undefined ? undefined : parseNumber(folded.get(field)!);
        if (x === undefined || Number.isNaN(x)) continue;
        if (kept === undefined || (ext === 'h' ? x > kept : x < kept)) folded.set(field, value);
      }
    }
    this.processHashes.get(namespace)?.delete(writerId);
    this.deadlines.get(namespace)?.delete(writerId);
    return true;
  }

  /** cleanProcesses: see Store.cleanProcesses (one process, so no lock). */
  async cleanProcesses(namespace: string, retentionMs: number): Promise<number> {
    let forgotten = 0;
    for (const writerId of [...(this.deadlines.get(namespace)?.keys() ?? [])]) {
      if (await this.forget(namespace, writerId, retentionMs)) forgotten++;
    }
    return forgotten;
  }

  /** readProcesses: see Store.readProcesses. */
  async readProcesses(namespace: string): Promise<ProcessData> {
    const deadlines: string[] = [];
    const processes = new Map<string, readonly string[]>();
    for (const [writerId, deadline] of this.deadlines.get(namespace) ?? []) {
      deadlines.push(writerId, String(deadline));
      processes.set(writerId, [...(this.processHashes.get(namespace)?.get(writerId) ?? [])].flat());
    }
    return { nowMs: Date.now(), deadlines, processes, folded: [...(this.foldedHashes.get(namespace) ?? [])].flat() };
  }

  private processHash(namespace: string, writerId: string): Map<string, string> {
    let byWriter = this.processHashes.get(namespace);
    if (byWriter === undefined) this.processHashes.set(namespace, (byWriter = new Map()));
    let own = byWriter.get(writerId);
    if (own === undefined) byWriter.set(writerId, (own = new Map()));
    return own;
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
