import { expect } from 'chai';
import { BatchBuilder, MAX_OPS_CHARS, SHARDED_BATCH_FACTOR } from '../../lib/codec/BatchBuilder';
import { BatchOps, decodeOps, opsLength, opsText } from '../../lib/codec/ops';
import { shardOf } from '../../lib/codec/shard';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import type { Metric } from '../../lib/metrics/Metric';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

/** parts returns the parts of a batch of a sharded builder, failing when it is one string. */
function parts(batch: BatchOps): readonly string[] {
  expect(batch, 'a batch of a builder of several shards is one string per shard').to.be.an('array');
  return batch as readonly string[];
}

/** expectInShards checks that every record of every part is in the part of its field's shard. */
function expectInShards(batches: readonly BatchOps[], shards: number): number {
  let records = 0;
  for (const batch of batches) {
    const p = parts(batch);
    expect(p).to.have.length(shards);
    p.forEach((part, s) => {
      for (const [, field] of decodeOps(part)) {
        expect(shardOf(field, shards), field).to.equal(s);
        records++;
      }
    });
  }
  return records;
}

describe('codec/BatchBuilder with several shards', () => {
  it('should put each record in the part of its field\'s shard, in the order written, as splitting the flat batch would', () => {
    const flat = new BatchBuilder(undefined, 1_000_000);
    const sharded = new BatchBuilder(undefined, 1_000_000, 5);
    // more records than a settle holds (1,000), with values that need escaping and fields of every kind
    for (let i = 0; i < 3500; i++) {
      for (const b of [flat, sharded]) {
        b.incr(`hits_total::page="p${i % 700}"`, i % 3 === 0 ? 0.5 : 2);
        if (i % 10 === 0) b.set(`latency_seconds:b:le="0.1",page="p${i % 700}"`, 'a\nb\\c');
        if (i % 50 === 0) b.remove(`old_total::page="p${i}"`);
      }
    }
    const whole = flat.batches().map((b) => b as string).join('');
    const sharded5 = sharded.batches();
    expect(sharded.length).to.equal(flat.length);
    const expected: string[] = ['', '', '', '', ''];
    for (const record of decodeOps(whole)) expected[shardOf(record[1], 5)] += record.join('|') + '\n';
    for (let s = 0; s < 5; s++) {
      const written = sharded5.map((b) => parts(b)[s]).join('');
      expect(decodeOps(written).map((r) => r.join('|') + '\n').join(''), `shard ${s}`).to.equal(expected[s]);
    }
    expect(sharded5.reduce((n, b) => n + opsLength(b), 0)).to.equal(whole.length);
    expect(sharded5.map(opsText).join('').length).to.equal(whole.length);
  });

  it('should hash each series once: the memo it keeps gives every one of its fields the field\'s own shard, for every metric type', () => {
    const registry = new CollectorRegistry({ store: new MemoryStore(), namespace: 'memo', flushIntervalMs: 0, processLabel: { value: 'p1' } });
    const metrics: Array<Metric<any, any>> = [
      registry.register(new Counter({ name: 'orders_total', description: 'Orders', allowedLabels: ['shop', 'status'] })),
      registry.register(new Gauge({ name: 'queue_depth', description: 'Depth', allowedLabels: ['shop'] })),
      registry.register(new Gauge({ name: 'jobs_running', description: 'Jobs', allowedLabels: ['shop'], aggregate: 'liveSum' })),
      registry.register(new Gauge({ name: 'temp_last', description: 'Last', allowedLabels: ['shop'], aggregate: 'last' })),
      registry.register(new Histogram({ name: 'order_seconds', description: 'Latency', allowedLabels: ['shop'], buckets: [0.1, 1], native: {} })),
      registry.register(new Summary({ name: 'rpc_seconds', description: 'RPC', allowedLabels: ['shop'], quantiles: [0.5, 0.99] })),
    ];
    const [orders, depth, running, last, latency, rpc] = metrics as [Counter<'shop' | 'status'>, Gauge<'shop'>, Gauge<'shop'>, Gauge<'shop'>, Histogram<'shop'>, Summary<'shop'>];
    const record = (round: number) => {
      for (let i = 0; i < 120; i++) {
        const shop = `s${i % 40}\\"${i % 3 === 0 ? '\n' : ''}`;
        orders.inc({ shop, status: i % 2 === 0 ? 'ok' : '' });
        depth.inc({ shop }, i + round);
        running.set({ shop }, i);
        last.set({ shop }, round);
        latency.observe({ shop }, ((i % 7) - 2) / 5);
        rpc.observe({ shop }, 0.001 * (1 + i + round));
      }
    };
    for (const shards of [7, 7, 3]) {
      record(shards);
      const builder = new BatchBuilder(undefined, 2000, shards);
      for (const m of metrics) m._drain(builder);
      const batches = builder.batches();
      expect(expectInShards(batches, shards)).to.be.greaterThan(1000);
    }
  });

  it('should seal a batch when one part reaches perBatch records, or the batch SHARDED_BATCH_FACTOR times perBatch', () => {
    const sealed: BatchOps[] = [];
    const builder = new BatchBuilder((b) => sealed.push(b), 3, 2);
    const fields = Array.from({ length: 40 }, (_, i) => `c::i="${i}"`);
    const inShard0 = fields.filter((f) => shardOf(f, 2) === 0);
    for (const f of inShard0.slice(0, 3)) builder.incr(f, 1);
    expect(sealed, 'the third record of a part seals the batch').to.have.length(1);
    expect(decodeOps(parts(sealed[0])[0])).to.have.length(3);
    expect(parts(sealed[0])[1]).to.equal('');
    // records spread over both shards: at most 3 in each part, and the batch sealed at 3 * SHARDED_BATCH_FACTOR at the latest
    for (const f of fields) builder.incr(f, 1);
    builder.batches();
    for (const b of sealed) {
      for (const part of parts(b)) expect(decodeOps(part).length).to.be.at.most(3);
      expect(decodeOps(b).length).to.be.at.most(3 * SHARDED_BATCH_FACTOR);
    }
    expect(sealed.reduce((n, b) => n + decodeOps(b).length, 0)).to.equal(43);
  });

  it('should seal a batch before a part reaches MAX_OPS_CHARS, so that no part is a large V8 object', () => {
    const sealed: BatchOps[] = [];
    const builder = new BatchBuilder((b) => sealed.push(b), 1_000_000, 2);
    const long = 'x'.repeat(1000);
    for (let i = 0; i < 200; i++) builder.incr(`c::i="${i}",pad="${long}"`, 1);
    builder.batches();
    expect(sealed.length).to.be.greaterThan(1);
    for (const b of sealed) for (const part of parts(b)) expect(part.length).to.be.below(MAX_OPS_CHARS + 1100);
    expect(sealed.reduce((n, b) => n + decodeOps(b).length, 0)).to.equal(200);
  });

  it('should give one string per batch with one shard, as before, sealed before it reaches MAX_OPS_CHARS', () => {
    const builder = new BatchBuilder(undefined, 2000, 1);
    builder.incr('c::', 1);
    expect(builder.batches()).to.deep.equal(['ic::\n1\n']);
    const long = new BatchBuilder(undefined, 2000, 1);
    const pad = 'x'.repeat(100);
    for (let i = 0; i < 2000; i++) long.incr(`c::i="${i}",pad="${pad}"`, 1);
    const batches = long.batches();
    expect(batches.length).to.be.greaterThan(2);
    for (const b of batches) expect((b as string).length).to.be.below(MAX_OPS_CHARS + 200);
    expect(batches.reduce((n, b) => n + decodeOps(b).length, 0)).to.equal(2000);
  });
});
