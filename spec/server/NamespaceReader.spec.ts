import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import * as sinon from 'sinon';
import Redis from 'ioredis';
import { ReadTimeoutError } from '../../lib/errors/ReadTimeoutError';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { createMetricsHandler, MetricsHandler } from '../../lib/server/createMetricsHandler';
import { NamespaceReader } from '../../lib/server/NamespaceReader';
import { RedisStore } from '../../lib/store/RedisStore';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { freePort } from '../support/redisServer';
import type { Store } from '../../lib/store/Store';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../support/redis';
import { get, until } from './helpers';

/**
 * GatedStore reads a real store, but holds every scan until the gate opens:
 * it lets a test gather concurrent scrapes before the read they share ends.
 */
class GatedStore implements Store {
  scans = 0;
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  /** What lastError answers: the connection's last error, as a store that knows it tells. */
  failure: Error | undefined;
  constructor(private readonly inner: Store) {}
  lastError = (): Error | undefined => this.failure;
  release(): void {
    this.open();
  }
  write: Store['write'] = (...args) => this.inner.write(...args);
  async *scan(namespace: string, count: number): AsyncIterable<ReadonlyArray<readonly [string, string]>> {
    this.scans++;
    await this.gate;
    yield* this.inner.scan(namespace, count);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** timedOut resolves to the ReadTimeoutError a read rejects with, and fails the test when it rejects otherwise or resolves. */
async function timedOut(read: Promise<unknown>): Promise<ReadTimeoutError> {
  const reason = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(reason).to.be.instanceOf(ReadTimeoutError);
  return reason as ReadTimeoutError;
}

describe('server/NamespaceReader (real Redis)', () => {
  let redis: Redis;
  let namespaces: string[];
  let store: RedisStore;

  before(() => {
    redis = new Redis(REDIS_URL);
    store = new RedisStore(redis);
  });
  beforeEach(async () => {
    namespaces = [uniqueNamespace('conc-a'), uniqueNamespace('conc-b')];
    for (const [i, namespace] of namespaces.entries()) {
      const registry = new CollectorRegistry({ redis, namespace, flushIntervalMs: 0 });
      registry.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc(i + 1);
      expect(await registry.flush()).to.equal(true);
    }
  });
  afterEach(async () => {
    await redis.del(...namespaces.flatMap(namespaceKeys));
  });
  after(async () => {
    await redis.quit();
  });

  describe('concurrent scrapes', () => {
    let server: Server;
    let handler: MetricsHandler;
    afterEach(async () => {
      await new Promise((r) => server.close(r));
      await handler.close();
    });

    it('should read each namespace once for N concurrent scrapes of /metrics', async () => {
      const gated = new GatedStore(store);
      handler = createMetricsHandler({ store: gated, namespaces });
      server = createServer(handler);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      const N = 25;
      const answers = Array.from({ length: N }, () => get(url));
      const readers = [...handler.readers.values()];
      await until(() => readers.every((r) => r.waiting === N), 10_000, `${N} scrapes waiting on each namespace`);
      gated.release();
      const done = await Promise.all(answers);
      expect(done.map((a) => a.status)).to.deep.equal(new Array(N).fill(200));
      expect(new Set(done.map((a) => a.text)).size).to.equal(1);
      expect(done[0].text).to.contain(`hits_total{namespace="${namespaces[1]}"} 2`);
      expect(readers.map((r) => r.reads)).to.deep.equal([1, 1]);
      expect(readers.map((r) => r.requests)).to.deep.equal([N, N]);
      expect(gated.scans).to.equal(2);

      // a scrape after the shared read has ended reads again (no cache by default)
      expect((await get(url)).status).to.equal(200);
      expect(readers.map((r) => r.reads)).to.deep.equal([2, 2]);
    });
  });

  describe('#read', () => {
    it('should reuse a finished read for cacheMs, then read again', async () => {
      const clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
      const reader = new NamespaceReader({ namespace: namespaces[0], store, cacheMs: 10_000 });
      const first = await reader.read();
      expect(first[0].name).to.equal('hits_total');
      expect(await reader.read()).to.equal(first);
      expect(reader.reads).to.equal(1);
      clock.tick(10_001);
      await reader.read();
      expect(reader.reads).to.equal(2);
    });

    it('should reject every waiting scrape with a ReadTimeoutError when the read takes too long, and read again later', async () => {
      const gated = new GatedStore(store);
      const reader = new NamespaceReader({ namespace: namespaces[0], store: gated, readTimeoutMs: 50 });
      const results = await Promise.allSettled([reader.read(), reader.read()]);
      expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
      const reason = (results[0] as PromiseRejectedResult).reason;
      expect(reason).to.be.instanceOf(ReadTimeoutError);
      expect(reason.namespace).to.equal(namespaces[0]);
      expect(reason.message).to.contain('readTimeoutMs');
      gated.release();
      expect((await reader.read())[0].name).to.equal('hits_total');
      expect(reader.reads).to.equal(2);
    });

    it('should name the store\'s last connection error as the cause of a ReadTimeoutError, in the reader and the client alike', async () => {
      const gated = new GatedStore(store);
      gated.failure = new Error('CLUSTERDOWN The cluster is down');
      const reader = new NamespaceReader({ namespace: namespaces[0], store: gated, readTimeoutMs: 50 });
      const reason = await timedOut(reader.read());
      expect(reason.cause).to.equal(gated.failure);
      expect(reason.message).to.equal(`reading namespace "${namespaces[0]}" took longer than 50 ms (see readTimeoutMs); last error: CLUSTERDOWN The cluster is down`);
      const client = new ExpositionClient({ namespace: namespaces[0], store: gated, timeoutMs: 50 });
      expect((await timedOut(client.expose())).cause).to.equal(gated.failure);
      gated.failure = undefined;
      const plain = await timedOut(new ExpositionClient({ namespace: namespaces[0], store: gated, timeoutMs: 50 }).expose());
      expect(plain.cause).to.equal(undefined);
      expect(plain.message).to.equal(`reading namespace "${namespaces[0]}" took longer than 50 ms (see timeoutMs)`);
      gated.release();
    });

    it('should know a RedisStore\'s last connection error until it is ready again', async () => {
      const port = await freePort();
      const down = new RedisStore(`redis://127.0.0.1:${port}`, 'reader', 1000);
      try {
        await down.ready(500).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect((down.lastError() as NodeJS.ErrnoException | undefined)?.code).to.equal('ECONNREFUSED');
      } finally {
        await down.close();
      }
      const up = new RedisStore(REDIS_URL, 'reader', 1000);
      try {
        await up.ready(1000);
        expect(up.lastError()).to.equal(undefined);
      } finally {
        await up.close();
      }
    });

    it('should refuse bad options with a RangeError', () => {
      expect(() => new NamespaceReader({ namespace: 'a', store, cacheMs: -1 })).to.throw(RangeError, /cacheMs/);
      expect(() => new NamespaceReader({ namespace: 'a', store, readTimeoutMs: 0 })).to.throw(RangeError, /readTimeoutMs/);
    });
  });
});
