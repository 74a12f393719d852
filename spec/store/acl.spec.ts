import { Readable } from 'node:stream';
import { expect } from 'chai';
import Redis from 'ioredis';
import { runCli } from '../../lib/cli/program';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { ExpositionServer } from '../../lib/server/ExpositionServer';
import { silentLogger } from '../../lib/server/logger';
import { ACL_COMMANDS, aclRules, AclRole } from '../../lib/store/acl';
import { RedisStore } from '../../lib/store/RedisStore';
import { OwnedRedis, startRedis } from '../support/redisServer';
import { get } from '../server/helpers';

async function cli(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t), stdin: Readable.from([]), env: {} });
  return { status, out, err };
}

describe('store/acl (real ACL users on a redis-server of the test\'s own)', function () {
  this.timeout(30_000);
  let redis: OwnedRedis;
  let admin: Redis;
  const url = (role: AclRole) => `redis://${role}:${role}-pw@127.0.0.1:${redis.port}`;

  before(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
    for (const role of Object.keys(ACL_COMMANDS) as AclRole[]) {
      await admin.call('ACL', 'SETUSER', role, 'reset', 'on', `>${role}-pw`, ...aclRules(role, ['shop']).split(' '));
    }
  });
  after(async () => {
    admin.disconnect();
    await redis.stop();
  });

  it('should let the writer flush every kind of metric with its commands only', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
    const errors: Error[] = [];
    try {
      const registry = new CollectorRegistry({ redis: url('writer'), namespace: 'shop', flushIntervalMs: 0, onError: (e) => errors.push(e) });
      registry.register(new Counter({ name: 'orders_total', description: 'Orders', allowedLabels: ['method'] })).inc(2.5, { method: 'card' });
      registry.register(new Counter({ name: 'items_total', description: 'Items' })).inc(3);
      registry.register(new Gauge({ name: 'carts', description: 'Carts' })).set(4);
      registry.register(new Gauge({ name: 'busy', description: 'Busy', aggregate: 'liveSum' })).inc();
      registry.register(new Gauge({ name: 'heap_bytes', description: 'Heap', aggregate: 'perProcess' })).set(9);
      registry.register(new Gauge({ name: 'peak', description: 'Peak', aggregate: 'max' })).set(7);
      registry.register(new Histogram({ name: 'pay_seconds', description: 'Pay', buckets: [1] })).observe(0.5);
      registry.register(new Summary({ name: 'size_bytes', description: 'Size' })).observe(100);
      expect(await registry.flush()).to.equal(true);
      registry.register(new Counter({ name: 'later_total', description: 'Later' })).inc();
      expect(await registry.close()).to.equal(true);
    } finally {
      console.warn = warn;
    }
    expect(errors.map(String)).to.deep.equal([]);
    expect(warnings).to.deep.equal([]); // INFO allowed: ioredis does not skip its ready check
    const hash = await admin.hgetall('instrumentor:{shop}');
    expect(Object.keys(hash).length).to.be.above(8);
    expect(await admin.zcard('instrumentor:{shop}:seen')).to.equal(1);
  });

  it('should let the writer forget dead processes as a cleaner, and say goodbye on close', async () => {
    expect(await admin.hlen('instrumentor:{shop}:processes')).to.equal(0); // the registry above said goodbye
    expect(await admin.hget('instrumentor:{shop}:folded', 'peak:h:')).to.equal('7'); // and kept its max
    await admin.hset('instrumentor:{shop}:processes', 'gone', '1');
    await admin.hset('instrumentor:{shop}:process:gone', 'busy:S:', '3', 'peak:h:', '8');
    const store = new RedisStore(url('writer'));
    try {
      expect(await store.cleanProcesses('shop', 0)).to.equal(1);
    } finally {
      await store.close();
    }
    expect(await admin.exists('instrumentor:{shop}:process:gone')).to.equal(0);
    expect(await admin.hget('instrumentor:{shop}:folded', 'peak:h:')).to.equal('8');
    await admin.hset('instrumentor:{shop}:processes', 'left-behind', '1');
    await admin.hset('instrumentor:{shop}:process:left-behind', 'busy:S:', '1');
  });

  it('should let the reader scrape with reads only, and refuse it any write', async () => {
    const server = await new ExpositionServer({ redis: url('reader'), namespaces: ['shop'], port: 0, host: '127.0.0.1', logger: silentLogger }).listen();
    try {
      const scrape = await get(`http://127.0.0.1:${server.port}/metrics`);
      expect(scrape.status, scrape.text).to.equal(200);
      expect(scrape.text).to.contain('orders_total{method="card",namespace="shop"} 2.5');
      expect(scrape.text).to.contain('size_bytes_count{namespace="shop"} 1');
      expect((await get(`http://127.0.0.1:${server.port}/healthz`)).status).to.equal(200);
    } finally {
      await server.close();
    }
    const reader = new Redis(url('reader'));
    try {
      const refusals = await Promise.all([
        reader.hset('instrumentor:{shop}', 'x', '1').catch((e: Error) => e.message),
        reader.del('instrumentor:{shop}').catch((e: Error) => e.message),
        reader.hlen('instrumentor:{other}').catch((e: Error) => e.message),
      ]);
      for (const r of refusals) expect(r).to.match(/^NOPERM/);
    } finally {
      reader.disconnect();
    }
  });

  it('should let dump read the namespace and its writers, and reset delete it', async () => {
    const dumped = await cli(['dump', 'shop', '--redis', url('dump')]);
    expect(dumped.status, dumped.err).to.equal(0);
    expect(dumped.out).to.contain('writers on record: 1');
    expect(dumped.out).to.contain('orders_total');
    const reset = await cli(['reset', 'shop', '--yes', '--redis', url('reset')]);
    expect(reset.status, reset.err).to.equal(0);
    expect(await admin.exists('instrumentor:{shop}', 'instrumentor:{shop}:processes', 'instrumentor:{shop}:process:left-behind', 'instrumentor:{shop}:folded')).to.equal(0);
  });

  it('should print the rules of a role with `instrumentor acl`', async () => {
    const printed = await cli(['acl', 'reader', 'shop']);
    expect(printed).to.deep.equal({ status: 0, out: aclRules('reader', ['shop']) + '\n', err: '' });
    expect((await cli(['acl', 'admin'])).status).to.equal(2);
  });

  it('should match a namespace name as it is, not as a pattern', () => {
    expect(aclRules('reader', ['a*'])).to.contain('%R~instrumentor:{a\\*} %R~instrumentor:{a\\*}:* %R~instrumentor:{a\\*#*');
    expect(aclRules('writer')).to.match(/^resetkeys ~instrumentor:\* resetchannels -@all \+info /);
    expect(() => aclRules('admin' as AclRole)).to.throw(TypeError, /role/);
  });
});
