// @ts-nocheck
// A worker process for the shutdown specs. Modes:
//   signal     records, then waits to be killed by a signal
//   ownHandler the same, but the application handles SIGTERM itself and exits with 7
//   natural    records into a file store and lets the event loop run empty
import { appendFile } from 'node:fs/promises';
import { decodeOps } from '../../../lib/codec/ops';
import { CollectorRegistry, Counter, flushOnExit, MemoryStore } from '../../../lib';
import type { BatchResult, Store, WriteBatch } from '../../../lib';

const [mode, target, namespace] = process.argv.slice(2);

/** A store that appends every batch to a file, to see from outside what was flushed. */
class FileStore implements Store {
  private readonly memory = new MemoryStore();
  async write(ns: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    await appendFile(target, JSON.stringify(batches.map((b) => decodeOps(b.ops).flat())) + '\n');
    return this.memory.write(ns, writerId, batches);
  }
  scan(ns: string, count: number): AsyncIterable<ReadonlyArray<readonly [string, string]>> {
    return this.memory.scan(ns, count);
  }
  async close(): Promise<void> {}
}

const registry =
  mode === 'natural'
    ? new CollectorRegistry({ store: new FileStore(), namespace, flushIntervalMs: 0 })
    : new CollectorRegistry({ redis: target, namespace, flushIntervalMs: 0 });
flushOnExit(registry, { timeoutMs: 5000 });
if (mode === 'ownHandler') {
  process.on('SIGTERM', () => {
    setTimeout(() => process.exit(7), 1000);
  });
}

const c = registry.register(new Counter({ name: 'exit_total', description: 'x' }));
c.inc(42);
if (mode !== 'natural') {
  setInterval(() => undefined, 1000); // stay alive until a signal comes
  void registry.flush().then(() => {
    c.inc(8); // pending when the signal comes
    process.send?.('ready');
  });
}
