import type Redis from 'ioredis';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';

const opened: CollectorRegistry[] = [];

/**
 * newRegistry makes a registry on the spec's Redis client that flushes only
 * when told. It is closed after the test (the client stays open), so that
 * none of its timers outlives the spec's connection.
 */
export function newRegistry(redis: Redis, namespace: string): CollectorRegistry {
  const registry = new CollectorRegistry({ redis, namespace, flushIntervalMs: 0 });
  opened.push(registry);
  return registry;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((registry) => registry.close()));
});

/**
 * scrape flushes `registry`, reads the namespace back through the exposition
 * and returns every sample line as `series -> value`, for example
 * `orders_placed_total{channel="api"} -> 2`.
 */
export async function scrape(registry: CollectorRegistry, redis: Redis): Promise<Map<string, number>> {
  const flushed = await registry.flush();
  if (!flushed) throw new Error('flush did not reach Redis');
  const text = await new ExpositionClient({ redis, namespace: registry.namespace }).expose();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/** only keeps the samples of one metric family (by name prefix). */
export function only(samples: Map<string, number>, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of samples) if (k === name || k.startsWith(`${name}{`) || k.startsWith(`${name}_`)) out[k] = v;
  return out;
}

/** Deferred is a promise with its resolve and reject at hand, to settle an async call when a spec wants. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** deferred makes a Deferred. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** captureWarnings collects the process warnings emitted while it is on; call `stop()` (after a tick) to read them. */
export function captureWarnings(): { warnings: Error[]; stop(): Promise<Error[]> } {
  const warnings: Error[] = [];
  const listener = (w: Error): void => {
    warnings.push(w);
  };
  process.on('warning', listener);
  return {
    warnings,
    async stop() {
      // warnings are emitted on the next tick
      await new Promise((r) => setImmediate(r));
      process.off('warning', listener);
      return warnings;
    },
  };
}
