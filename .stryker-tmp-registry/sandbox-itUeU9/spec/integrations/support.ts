// @ts-nocheck
import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import type { MetricFamily } from '../../lib/exposition/families';
import { formatLabels } from '../../lib/exposition/render/text';
import type { Store, WriteBatch, BatchResult } from '../../lib/store/Store';
import { MemoryStore } from '../../lib/store/MemoryStore';

/**
 * counts reads a namespace through the exposition and returns, for one
 * family, each series as `{labels} value`: the value of a counter or gauge,
 * the count of a histogram.
 */
export async function seriesOf(client: ExpositionClient, name: string): Promise<Record<string, number>> {
  const { families } = await client.collect();
  const family = families.find((f: MetricFamily) => f.name === name);
  const out: Record<string, number> = {};
  if (family === undefined) return out;
  for (const s of family.series) {
    out[formatLabels(s.labels)] = 'value' in s ? s.value : s.count;
  }
  return out;
}

/** histogramSums returns the `_sum` of each series of a histogram family. */
export async function histogramSums(client: ExpositionClient, name: string): Promise<Record<string, number>> {
  const { families } = await client.collect();
  const family = families.find((f) => f.name === name);
  const out: Record<string, number> = {};
  if (family === undefined || family.type !== 'histogram') return out;
  for (const s of family.series) out[formatLabels(s.labels)] = s.sum;
  return out;
}

/**
 * eventually retries `check` until it stops throwing, for work that finishes
 * in the background (a flush after a response); rethrows the last failure
 * after `attempts` tries.
 */
export async function eventually<T>(check: () => Promise<T>, attempts = 200): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await check();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  throw last;
}

/** baseUrl returns `http://127.0.0.1:{port}` of a listening server. */
export function baseUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** listen starts a server on a free port. */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(baseUrl(server)));
  });
}

/** close stops a server and drops its idle keep-alive connections. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** HangingStore is a store whose writes never finish: a Redis that stopped answering. */
export class HangingStore implements Store {
  writes = 0;
  write(_namespace: string, _writerId: string, _batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    this.writes++;
    return new Promise(() => undefined);
  }
  async *scan(): AsyncIterable<ReadonlyArray<readonly [string, string]>> {
    yield [];
  }
  async close(): Promise<void> {}
}

/** CountingStore is a MemoryStore that counts the flushes that reach it. */
export class CountingStore extends MemoryStore {
  writes = 0;
  override write(namespace: string, writerId: string, batches: readonly WriteBatch[]): Promise<BatchResult[]> {
    this.writes++;
    return super.write(namespace, writerId, batches);
  }
}

const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort());

/**
 * expectHttpSeries waits until both HTTP metrics of a namespace show exactly
 * `expected` (request count per label set, for the counter and for the
 * histogram's count), and checks that every duration sum is positive.
 */
export async function expectHttpSeries(client: ExpositionClient, expected: Record<string, number>): Promise<void> {
  await eventually(async () => expect(sorted(await seriesOf(client, 'http_requests_total'))).to.deep.equal(sorted(expected)));
  await eventually(async () =>
    expect(sorted(await seriesOf(client, 'http_request_duration_seconds'))).to.deep.equal(sorted(expected)),
  );
  for (const [labels, sum] of Object.entries(await histogramSums(client, 'http_request_duration_seconds'))) {
    expect(sum, labels).to.be.greaterThan(0);
  }
}
