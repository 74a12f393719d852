// @ts-nocheck
import { expect } from 'chai';
import Redis from 'ioredis';
import { namespaceKey, writersKey } from '../../lib/codec/field';
import { Counter } from '../../lib/metrics/Counter';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { closeAfterTest } from '../support/cleanup';
import { REDIS_URL, useNamespace } from '../support/redis';
import { LossyProxy } from './tcpProxy';

// A flush whose reply is lost (the connection is cut after Redis applied the
// batch) is sent again, and Redis does not apply it twice.
describe('fault: lost replies (real Redis behind a TCP proxy that cuts replies)', function () {
  this.timeout(30_000);
  const ctx = useNamespace('lostreply');
  let proxy: LossyProxy & { port: number };

  beforeEach(async () => {
    proxy = await LossyProxy.start(REDIS_URL, ':writers'); // every flush names the writers key
  });
  afterEach(async () => {
    await proxy.close();
  });

  const scenario = async (redis: string | Redis) => {
    const errors: Error[] = [];
    const registry = closeAfterTest(
      new CollectorRegistry({
        redis,
        namespace: ctx.namespace,
        flushIntervalMs: 0,
        flushTimeoutMs: 1000,
        retryDelayMs: 20,
        onError: (e) => errors.push(e),
      }),
    );
    const paid = registry.register(new Counter({ name: 'payments_total', description: 'x', allowedLabels: ['kind'] }));
    const size = registry.register(new Histogram({ name: 'payment_amount', description: 'x', buckets: [10] }));
    expect(await registry.flush()).to.equal(true);
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      paid.inc(round + 1, { kind: 'card' });
      size.observe(round);
      proxy.armed = true;
      await registry.flush(); // the reply is cut: false, or true when the client resent it on reconnect
      for (let tries = 0; tries < 200 && registry.status().pendingBatches > 0; tries++) {
        await registry.flush();
        // a batch sent again must be acknowledged, never refused as out of sequence: fail at once, not after every try
        expect(errors.filter((e) => e.message.includes('SEQGAP')).map((e) => e.message), `round ${round}`).to.deep.equal([]);
        if (registry.status().pendingBatches > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(registry.status().pendingBatches, `round ${round}`).to.equal(0);
    }
    expect(await registry.close()).to.equal(true);
    expect(proxy.cuts).to.equal(rounds);
    const hash = await ctx.redis.hgetall(namespaceKey(ctx.namespace));
    expect(hash['payments_total::kind="card"']).to.equal(String((rounds * (rounds + 1)) / 2)); // 55, not more
    expect(hash['payment_amount:c:']).to.equal(String(rounds));
    expect(hash['payment_amount:s:']).to.equal(String((rounds * (rounds - 1)) / 2));
    expect(Number(await ctx.redis.hget(writersKey(ctx.namespace), registry.writerId))).to.be.greaterThan(rounds);
    return errors;
  };

  it('should count each batch once when the client made from a URL resends it after reconnecting', async () => {
    await scenario(`redis://127.0.0.1:${proxy.port}`);
  });

  it('should count each batch once when the registry resends it (a client that does not resend)', async () => {
    const client = closeAfterTest(new Redis({ port: proxy.port, host: '127.0.0.1', autoResendUnfulfilledCommands: false, retryStrategy: () => 10 }), (c) =>
      c.disconnect(),
    );
    client.on('error', () => undefined);
    const errors = await scenario(client);
    expect(errors.length).to.be.greaterThan(0); // the lost replies surfaced as flush errors and were retried
  });
});
