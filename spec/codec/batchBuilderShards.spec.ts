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

  it('should seal a batch at exactly SHARDED_BATCH_FACTOR times perBatch records when no part fills first', () => {
    const sealed: BatchOps[] = [];
    const builder = new BatchBuilder((b) => sealed.push(b), 3, 64);
    // at most 2 records in any shard: no part reaches 3, so only the batch's total seals it
    const perShard = new Map<number, number>();
    const fields: string[] = [];
    for (let i = 0; fields.length < 3 * SHARDED_BATCH_FACTOR + 5; i++) {
      const f = `c::i="${i}"`;
      const s = shardOf(f, 64);
      if ((perShard.get(s) ?? 0) >= 2) continue;
      perShard.set(s, (perShard.get(s) ?? 0) + 1);
      fields.push(f);
    }
    fields.slice(0, 3 * SHARDED_BATCH_FACTOR - 1).forEach((f) => builder.incr(f, 1));
    expect(sealed).to.have.length(0);
    builder.incr(fields[3 * SHARDED_BATCH_FACTOR - 1], 1);
    expect(sealed).to.have.length(1);
    expect(decodeOps(sealed[0])).to.have.length(3 * SHARDED_BATCH_FACTOR);
  });

  it('should seal a batch when its string, or a shard\'s part, reaches exactly MAX_OPS_CHARS', () => {
    // records of exactly 1,000 characters: `i`, the field, a line feed, `1`, a line feed
    const record = (i: number) => `c::i="${String(i).padStart(5, '0')}",pad="${'x'.repeat(996 - 19)}"`;
    expect(`i${record(0)}\n1\n`).to.have.length(1000);
    const count = MAX_OPS_CHARS / 1000;
    const flat: BatchOps[] = [];
    const one = new BatchBuilder((b) => flat.push(b), 1_000_000, 1);
    for (let i = 0; i < count - 1; i++) one.incr(record(i), 1);
    expect(flat).to.have.length(0);
    one.incr(record(count - 1), 1);
    expect(flat).to.have.length(1);
    expect((flat[0] as string).length).to.equal(MAX_OPS_CHARS);
    const sharded: BatchOps[] = [];
    const two = new BatchBuilder((b) => sharded.push(b), 1_000_000, 2);
    const inShard0 = Array.from({ length: 400 }, (_, i) => record(i)).filter((f) => shardOf(f, 2) === 0);
    for (let i = 0; i < count - 1; i++) two.incr(inShard0[i], 1);
    expect(sharded).to.have.length(0);
    two.incr(inShard0[count - 1], 1);
    expect(sharded).to.have.length(1);
    expect(parts(sharded[0])[0]).to.have.length(MAX_OPS_CHARS);
  });

  it('should take a series\' memo for its number of shards as the shard of its fields, and hash again for another number', () => {
    const series = { shard: 0 };
    const field = 'c::i="1"';
    const own = shardOf(field, 5);
    const kept = (own + 2) % 5; // a memo the builder trusts, not a hash of this field
    series.shard = (5 << 10) | kept;
    const five = new BatchBuilder(undefined, 2000, 5);
    five.incr(field, 1, series);
    expect(parts(five.batches()[0])[kept]).to.equal(`i${field}\n1\n`);
    const three = new BatchBuilder(undefined, 2000, 3);
    three.incr(field, 1, series);
    expect(parts(three.batches()[0])[shardOf(field, 3)]).to.equal(`i${field}\n1\n`);
    expect(series.shard).to.equal((3 << 10) | shardOf(field, 3));
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
