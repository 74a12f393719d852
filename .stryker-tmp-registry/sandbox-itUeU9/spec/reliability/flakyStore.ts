// @ts-nocheck
import { MemoryStore } from '../../lib/store/MemoryStore';
import type { BatchResult, Store, WriteBatch } from '../../lib/store/Store';

/**
 * FlakyStore is a MemoryStore behind a switch, to inject failures at the edge:
 * `up` works, `down` refuses every write, `loseReply` applies the batches and
 * then fails as if the reply was lost, `hang` never answers until `release()`.
 */
export class FlakyStore implements Store {
  readonly memory = new MemoryStore();
  mode: 'up' | 'down' | 'loseReply' | 'hang' = 'up';
  writes = 0;
  private hung: Array<() => void> = [];

  async write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    this.writes++;
    switch (this.mode) {
      case 'down':
        throw new Error('connection refused');
      case 'loseReply':
        await this.memory.write(namespace, writerId, batches);
        throw new Error('connection reset after the write');
      case 'hang':
        await new Promise<void>((resolve) => this.hung.push(resolve));
        return this.memory.write(namespace, writerId, batches);
      default:
        return this.memory.write(namespace, writerId, batches);
    }
  }

  /** release answers the writes that hang. */
  release(): void {
    for (const r of this.hung.splice(0)) r();
  }

  scan(namespace: string, count: number): AsyncIterable<ReadonlyArray<readonly [string, string]>> {
    return this.memory.scan(namespace, count);
  }

  async close(): Promise<void> {}

  /** value reads one field of a namespace as a number. */
  value(namespace: string, field: string): number | undefined {
    const v = this.memory.fields(namespace).get(field);
    return v === undefined ? undefined : Number(v);
  }
}
