import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fnv1a32, seriesKey, shardName, shardOf } from '../../lib/codec/shard';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { needPython } from '../support/binaries';
import { REDIS_URL, useNamespace } from '../support/redis';

const ROOT = path.resolve(__dirname, '../..');
const VECTORS = JSON.parse(readFileSync(path.join(ROOT, 'conformance', 'shards', 'vectors.json'), 'utf8')) as {
  vectors: Array<{ field: string; seriesKey: string; fnv1a32: number; shard: Record<string, number> }>;
};

describe('codec/shard (the shard of a field)', () => {
  it('should agree with every vector of conformance/shards/vectors.json', () => {
    expect(VECTORS.vectors.length).to.be.greaterThan(10);
    for (const v of VECTORS.vectors) {
      expect(seriesKey(v.field), v.field).to.equal(v.seriesKey);
      expect(fnv1a32(v.seriesKey), v.field).to.equal(v.fnv1a32);
      for (const [k, shard] of Object.entries(v.shard)) expect(shardOf(v.field, Number(k)), `${v.field} K=${k}`).to.equal(shard);
    }
  });

  it('should hash the UTF-8 bytes: FNV-1a of known strings, lone surrogates as U+FFFD', () => {
    expect([fnv1a32(''), fnv1a32('a'), fnv1a32('foobar')]).to.deep.equal([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
    expect(fnv1a32('\ud800x')).to.equal(fnv1a32('\ufffdx'));
  });

  it('should compute in place what the series key gives, for fields of every shape', () => {
    const values = ['', 'a', 'x,y', 'say \\"hi\\"', 'le=\\"1\\"', '__c', 'é🎉', 'back\\\\slash', '\ud800'];
    const names = ['a', 'le', '__cell', 'lex', '_x', 'quantile', '__until'];
    let seed = 7;
    const pick = <T>(list: readonly T[]) => list[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % list.length];
    for (let n = 0; n < 5000; n++) {
      const pairs = Array.from({ length: n % 5 }, () => `${pick(names)}="${pick(values)}"`).join(',');
      const field = `m${n % 7}:${pick(['', 'b', 's', 'c', 'p', 'n', 'z', 'd', 't', 'q', 'S', 'P', 'bb'])}:${pairs}`;
      for (const k of [2, 3, 12, 1024]) expect(shardOf(field, k), field).to.equal(fnv1a32(seriesKey(field)!) % k);
    }
    for (const odd of ['no-colon', 'one:colon']) expect(shardOf(odd, 12)).to.equal(fnv1a32(odd) % 12);
  });

  it('should give every field of one series the same shard, and spread series evenly', () => {
    const fields = (labels: string) => [`h:b:le="0.1",${labels}`, `h:b:le="+Inf",${labels}`, `h:s:${labels}`, `h:c:${labels}`, `h:p:__cell="3",${labels}`, `h:z:__schema="0",__zero_threshold="0",${labels}`];
    const counts = new Array(12).fill(0);
    for (let i = 0; i < 12_000; i++) {
      const shards = new Set(fields(`path="/p${i}"`).map((f) => shardOf(f, 12)));
      expect(shards.size).to.equal(1);
      counts[[...shards][0]]++;
    }
    for (const n of counts) expect(n).to.be.within(850, 1150);
    expect(shardName('shop', 3)).to.equal('shop#3');
  });

  describe('read by the Python reader (cross-language)', function () {
    this.timeout(30_000);
    const ctx = useNamespace('shard-py');

    it('should render a namespace Node wrote in 5 shards as the TypeScript reader does', async function () {
      const python = needPython(this, 'redis');
      const registry = new CollectorRegistry({ redis: REDIS_URL, namespace: ctx.namespace, flushIntervalMs: 0, shards: 5 });
      try {
        const c = registry.register(new Counter({ name: 'orders_total', description: 'Orders', allowedLabels: ['shop'] }));
        const h = registry.register(new Histogram({ name: 'order_seconds', description: 'Latency', allowedLabels: ['shop'], buckets: [0.1, 1] }));
        const s = registry.register(new Summary({ name: 'rpc_seconds', description: 'RPC', allowedLabels: ['shop'], quantiles: [0.5] }));
        for (let i = 0; i < 100; i++) {
          c.inc({ shop: `s${i % 20}` });
          h.observe({ shop: `s${i % 20}` }, i / 50);
          s.observe({ shop: `s${i % 20}` }, i / 50);
        }
        expect(await registry.flush()).to.equal(true);
      } finally {
        await registry.close();
      }
      const node = await new ExpositionClient({ redis: REDIS_URL, namespace: ctx.namespace }).expose();
      const code = 'import sys, redis\nfrom instrumentor import read_namespace, render_text\n' +
        'r = redis.Redis.from_url(sys.argv[1])\nsys.stdout.write(render_text(read_namespace(r, sys.argv[2]).families))\n';
      const run = spawnSync(python, ['-c', code, REDIS_URL, ctx.namespace], { cwd: path.join(ROOT, 'contrib', 'python'), encoding: 'utf8' });
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('orders_total{shop="s0"} 5\n');
      expect(run.stdout).to.equal(node);
    });
  });
});
