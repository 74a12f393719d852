import { expect } from 'chai';
import Redis from 'ioredis';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Gauge } from '../../lib/metrics/Gauge';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { OwnedRedis, startRedis, waitFor } from '../support/redisServer';

describe('in-progress gauges when Redis loses its data (a redis-server of the test\'s own)', function () {
  this.timeout(30_000);
  let redis: OwnedRedis;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis.stop();
  });

  it('should leave a sum gauge offset by the calls in flight, and heal a liveSum gauge with the next heartbeat', async () => {
    const registry = new CollectorRegistry({ redis: redis.url, namespace: 'restart', flushIntervalMs: 50 });
    const client = new ExpositionClient({ redis: redis.url, namespace: 'restart' });
    const admin = new Redis(redis.url);
    try {
      const shared = registry.register(new Gauge({ name: 'shared_in_progress', description: 'Calls in progress', aggregate: 'sum' }));
      const live = registry.register(new Gauge({ name: 'live_in_progress', description: 'Calls in progress', aggregate: 'liveSum' }));
      for (let i = 0; i < 5; i++) {
        shared.inc();
        live.inc();
      }
      expect(await registry.flush()).to.equal(true);
      // Redis loses everything, as a restart without persistence does, while the five calls are in flight
      await admin.flushall();
      const show = async () => (await client.expose()).split('\n').filter((l) => /^\w+_in_progress /.test(l));
      // the next heartbeat finds the process unknown: its whole per-process values are written again
      await waitFor(async () => (await show()).includes('live_in_progress 5'));
      for (let i = 0; i < 5; i++) {
        shared.dec();
        live.dec();
      }
      expect(await registry.flush()).to.equal(true);
      expect(await show()).to.deep.equal(['live_in_progress 0', 'shared_in_progress -5']);
    } finally {
      admin.disconnect();
      await client.close();
      await registry.close();
    }
  });
});
