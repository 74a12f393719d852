import { expect } from 'chai';
import { needPrograms } from '../support/binaries';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { ReadTimeoutError } from '../../lib/errors/ReadTimeoutError';
import { RedisUnavailableError } from '../../lib/errors/RedisUnavailableError';
import { OwnedRedisServer } from '../fault/ownedRedis';
import { freePort } from '../support/redisServer';

describe('ExpositionClient when Redis fails (real redis-server, killed and hung)', function () {
  this.timeout(30_000);
  let redis: OwnedRedisServer;
  const clients: ExpositionClient[] = [];

  before(async function () {
    needPrograms(this, 'redis-server', 'redis-cli');
    redis = await OwnedRedisServer.start();
  });
  afterEach(async () => {
    redis.resume();
    for (const c of clients.splice(0)) await c.close();
    if (redis.cli('ping') !== 'PONG') await redis.restart();
  });
  after(async () => {
    await redis?.stop();
  });

  function client(options: { redis: string; timeoutMs?: number }): ExpositionClient {
    const c = new ExpositionClient({ namespace: 'failures', ...options });
    clients.push(c);
    return c;
  }

  it('fails at once with a RedisUnavailableError naming host, port and the refused connection once Redis is down', async () => {
    const c = client({ redis: redis.url });
    expect(await c.expose()).to.equal('');
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const err = await c.expose().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(performance.now() - started).to.be.below(500);
    expect(err).to.be.instanceOf(RedisUnavailableError);
    expect((err as Error).message).to.contain(`Redis at 127.0.0.1:${redis.port} is not available`);
    expect((err as Error).cause).to.be.instanceOf(Error);
  });

  it('rejects with a RedisUnavailableError whose cause is ECONNREFUSED when nothing listens', async () => {
    const port = await freePort();
    const c = client({ redis: `redis://127.0.0.1:${port}`, timeoutMs: 2000 });
    const err = (await c.collect().then(
      () => undefined,
      (e: unknown) => e,
    )) as RedisUnavailableError;
    expect(err).to.be.instanceOf(RedisUnavailableError);
    expect((err.cause as NodeJS.ErrnoException).code).to.equal('ECONNREFUSED');
    expect(err.message).to.contain(`127.0.0.1:${port}`);
  });

  it('rejects with a ReadTimeoutError after timeoutMs when Redis stops answering', async () => {
    const c = client({ redis: redis.url, timeoutMs: 300 });
    await c.expose();
    redis.hang();
    const started = performance.now();
    const err = await c.expose().then(
      () => undefined,
      (e: unknown) => e,
    );
    const ms = performance.now() - started;
    expect(err).to.be.instanceOf(ReadTimeoutError);
    expect((err as Error).message).to.equal('reading namespace "failures" took longer than 300 ms (see timeoutMs)');
    expect(ms).to.be.within(250, 1500);
  });

  it('refuses a timeoutMs that is not a positive number', () => {
    expect(() => new ExpositionClient({ redis: redis.url, namespace: 'x', timeoutMs: 0 })).to.throw(RangeError, 'timeoutMs');
  });
});
