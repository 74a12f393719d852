import { expect } from 'chai';
import { needPrograms } from '../support/binaries';
import { spawnSync } from 'node:child_process';
import { AddressInfo, createServer, Socket } from 'node:net';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { LinearHistogram } from '../../lib/metrics/LinearHistogram';
import { Summary } from '../../lib/metrics/Summary';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { FlushError } from '../../lib/errors/FlushError';
import { RedisUnavailableError } from '../../lib/errors/RedisUnavailableError';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { createMetricsHandler } from '../../lib/server/createMetricsHandler';
import { ExpositionServer } from '../../lib/server/ExpositionServer';
import { checkRedisUrl } from '../../lib/store/redisUrl';
import { editDistance } from '../../lib/util/editDistance';
import { HttpMetrics } from '../../lib/integrations/HttpMetrics';
import { JobMetrics } from '../../lib/integrations/JobMetrics';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { freePort, startRedis, OwnedRedis } from '../support/redisServer';
import { uniqueNamespace } from '../support/redis';

/** firstFlushError registers a counter in a registry on `redis`, flushes once and returns the error reported. */
async function firstFlushError(redis: string): Promise<FlushError> {
  const errors: Error[] = [];
  const registry = new CollectorRegistry({ redis, namespace: uniqueNamespace('why'), flushIntervalMs: 0, onError: (e) => errors.push(e) });
  try {
    registry.register(new Counter({ name: 'why_total', description: 'x' })).inc();
    expect(await registry.flush()).to.equal(false);
    expect(errors[0]).to.be.instanceOf(FlushError);
    return errors[0] as FlushError;
  } finally {
    await registry.close(100);
  }
}

/** rootCause follows `cause` to the end. */
function rootCause(err: unknown): Error & { code?: string } {
  let e = err as Error;
  while (e.cause instanceof Error) e = e.cause;
  return e;
}

describe('errors that say why (real redis-server)', function () {
  this.timeout(30_000);
  let redis: OwnedRedis;

  before(async function () {
    needPrograms(this, 'redis-server', 'redis-cli');
    redis = await startRedis();
    // a password on the server this spec owns
    spawnSync('redis-cli', ['-p', String(redis.port), 'CONFIG', 'SET', 'requirepass', 'right'], { encoding: 'utf8' });
  });
  after(async () => {
    await redis?.stop();
  });

  it('a refused connection: the flush error names host and port, and ECONNREFUSED is its root cause', async () => {
    const port = await freePort();
    const err = await firstFlushError(`redis://127.0.0.1:${port}`);
    expect(err.message).to.contain(`Redis at 127.0.0.1:${port} is not available`).and.to.contain('ECONNREFUSED');
    expect(err.cause).to.be.instanceOf(RedisUnavailableError);
    expect(rootCause(err).code).to.equal('ECONNREFUSED');
  });

  it('an unknown host: ENOTFOUND is the root cause', async () => {
    const err = await firstFlushError('redis://no-such-host.invalid:6379');
    expect(err.message).to.contain('no-such-host.invalid:6379');
    expect(rootCause(err).code).to.equal('ENOTFOUND');
  });

  it('a wrong password: WRONGPASS is the root cause', async () => {
    const err = await firstFlushError(`redis://:wrong@127.0.0.1:${redis.port}`);
    expect(err.message).to.contain(`127.0.0.1:${redis.port}`);
    expect(rootCause(err).message).to.match(/^WRONGPASS/);
  });

  it('no password: NOAUTH is the root cause', async () => {
    const err = await firstFlushError(`redis://127.0.0.1:${redis.port}`);
    expect(rootCause(err).message).to.match(/NOAUTH/);
  });

  it('TLS to a server that does not speak it: a TLS error is the root cause', async () => {
    // a server that answers a TLS hello with plain text
    const sockets = new Set<Socket>();
    const plain = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.end('-ERR this is not TLS\r\n');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const port = (plain.address() as AddressInfo).port;
    try {
      const err = await firstFlushError(`rediss://127.0.0.1:${port}`);
      expect(err.message).to.contain(`127.0.0.1:${port}`);
      expect(rootCause(err).message).to.match(/TLS|SSL|wrong version|packet length/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('reads say why too: the exposition client rejects with a RedisUnavailableError whose root cause is WRONGPASS', async () => {
    const client = new ExpositionClient({ redis: `redis://:wrong@127.0.0.1:${redis.port}`, namespace: 'why', timeoutMs: 2000 });
    try {
      const err = await client.expose().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(RedisUnavailableError);
      expect(rootCause(err).message).to.match(/WRONGPASS/);
    } finally {
      await client.close();
    }
  });
});

describe('Redis URLs checked at construction', () => {
  it('accepts redis:, rediss:, unix: and a socket path', () => {
    expect(checkRedisUrl('redis://127.0.0.1:6379/2')).to.equal('redis://127.0.0.1:6379/2');
    expect(checkRedisUrl('rediss://user:pw@cache.example:6380')).to.equal('rediss://user:pw@cache.example:6380');
    expect(checkRedisUrl('unix:///run/redis/redis.sock?db=3')).to.equal('/run/redis/redis.sock?db=3');
    expect(checkRedisUrl('/run/redis/redis.sock')).to.equal('/run/redis/redis.sock');
  });

  it('refuses anything else with a TypeError naming the value, its password hidden', () => {
    for (const bad of ['notaurl', 'http://127.0.0.1:6379', '127.0.0.1:6379', 'localhost:6379', '//127.0.0.1:6379']) {
      expect(() => new CollectorRegistry({ redis: bad, namespace: 'x' }), bad).to.throw(TypeError, JSON.stringify(bad));
    }
    expect(() => new ExpositionClient({ redis: 'http://u:secret@h:1', namespace: 'x' })).to.throw(TypeError, 'http://u:***@h:1');
    expect(() => createMetricsHandler({ redis: 'redis+sentinel://h:26379/mymaster', namespaces: ['x'] })).to.throw(TypeError, 'sentinels');
  });

  it('the CLI exits with status 2 and a clear message for --redis notaurl', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'dump', 'shop', '--redis', 'notaurl'], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.contain('instrumentor: redis must be a redis://, rediss:// or unix:// URL').and.to.contain('"notaurl"');
  });
});

describe('unknown option names', () => {
  it('throw for the registry, with "did you mean"', () => {
    expect(() => new CollectorRegistry({ redis: 'redis://127.0.0.1:6379', namespace: 'x', flushIntervalMS: 10 } as any)).to.throw(
      TypeError,
      'CollectorRegistry: unknown option "flushIntervalMS" (did you mean "flushIntervalMs"?)',
    );
  });

  it('throw for every metric type, naming the metric', () => {
    expect(() => new Counter({ name: 'c', description: 'x', labelNames: ['a'] } as any)).to.throw(TypeError, 'metric "c": unknown option "labelNames"');
    expect(() => new Counter({ name: 'c', help: 'x' } as any)).to.throw(TypeError, 'metric "c": unknown option "help"');
    expect(() => new Gauge({ name: 'g', description: 'x', startvalue: 1 } as any)).to.throw(TypeError, 'did you mean "startValue"?');
    expect(() => new Histogram({ name: 'h', description: 'x', bucket: [1] } as any)).to.throw(TypeError, 'did you mean "buckets"?');
    expect(() => new LinearHistogram({ name: 'l', description: 'x', start: 1, width: 1, count: 2, widht: 3 } as any)).to.throw(TypeError, '"widht"');
    expect(() => new Summary({ name: 's', description: 'x', percentiles: [0.5] } as any)).to.throw(TypeError, 'metric "s": unknown option "percentiles"');
    expect(() => new LinearHistogram({ name: 'l', description: 'x', start: 1, width: 1, count: 2 })).not.to.throw();
  });

  it('throw for the exposition client, the handler and the server', () => {
    expect(() => new ExpositionClient({ redis: 'redis://127.0.0.1:6379', namespace: 'x', timeout: 5 } as any)).to.throw(TypeError, 'ExpositionClient: unknown option "timeout" (did you mean "timeoutMs"?)');
    expect(() => createMetricsHandler({ redis: 'redis://127.0.0.1:6379', namespaces: ['x'], namespace: 'x' } as any)).to.throw(TypeError, 'did you mean "namespaces"?');
    expect(() => new ExpositionServer({ redis: 'redis://127.0.0.1:6379', namespaces: ['x'], prot: 1 } as any)).to.throw(TypeError, 'ExpositionServer: unknown option "prot" (did you mean "port"?)');
  });

  it('throw for the HTTP metrics of every framework and the job metrics', async () => {
    const registry = new CollectorRegistry({ store: new MemoryStore(), namespace: 'x', flushIntervalMs: 0 });
    try {
      expect(() => new HttpMetrics({ registry, unmatchedRoutes: 'x' } as any)).to.throw(TypeError, 'HttpMetrics: unknown option "unmatchedRoutes" (did you mean "unmatchedRoute"?)');
      expect(() => new JobMetrics({ registry, durationBucket: [1] } as any)).to.throw(TypeError, 'JobMetrics: unknown option "durationBucket" (did you mean "durationBuckets"?)');
      expect(() => new HttpMetrics({ registry, prefix: 'web_', flushDebounceMs: 5 })).not.to.throw();
    } finally {
      await registry.close();
    }
  });

  it('editDistance counts edits and swaps, ignoring case', () => {
    expect(editDistance('flushIntervalMS', 'flushIntervalMs')).to.equal(0);
    expect(editDistance('namesapce', 'namespace')).to.equal(1);
    expect(editDistance('kitten', 'sitting')).to.equal(3);
    expect(editDistance('', 'abc')).to.equal(3);
  });
});
