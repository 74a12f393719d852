// @ts-nocheck
import { expect } from 'chai';
import * as sinon from 'sinon';
import { ExpositionClient } from '../../../lib/exposition/ExpositionClient';
import type { SummarySeries } from '../../../lib/exposition/families';
import { deleteExpiredCells } from '../../../lib/maintenance/deleteExpiredCells';
import { Summary } from '../../../lib/metrics/Summary';
import { CollectorRegistry } from '../../../lib/registry/CollectorRegistry';
import { readHash, useNamespace } from '../../support/redis';

describe('Summary window (real Redis)', () => {
  const ctx = useNamespace('summary-window');
  const T = 1_000_000_000_000; // the start of an age bucket

  function writer(): { registry: CollectorRegistry; summary: Summary } {
    const registry = new CollectorRegistry({ redis: ctx.redis, namespace: ctx.namespace, flushIntervalMs: 0 });
    const summary = registry.register(
      new Summary({ name: 'job_seconds', description: 'Job time', quantiles: [0, 1], maxAgeSeconds: 60, ageBuckets: 3 }),
    );
    return { registry, summary };
  }

  async function read(): Promise<SummarySeries> {
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    const decoded = await client.collect();
    expect(decoded.skipped).to.deep.equal([]);
    return decoded.families[0].series[0] as SummarySeries;
  }

  async function cellFields(): Promise<string[]> {
    return Object.keys(await readHash(ctx.redis, ctx.namespace))
      .filter((f) => f.startsWith('job_seconds:p:'))
      .sort();
  }

  it('should report only the window, delete expired cells from Redis, and keep _sum and _count', async () => {
    const clock = sinon.useFakeTimers({ now: T, toFake: ['Date'] });
    const a = writer();
    const b = writer();
    a.summary.observe(100);
    b.summary.observe(100);
    b.summary.observe(1000); // a cell only the writer that stops knows
    expect(await a.registry.flush()).to.equal(true);
    expect(await b.registry.flush()).to.equal(true);
    clock.tick(20_000);
    a.summary.observe(1);
    expect(await a.registry.flush()).to.equal(true);

    const first = await read();
    expect(first.count).to.equal(4);
    expect(first.quantiles.map((q) => Math.round(q[1]))).to.deep.equal([1, 1002]);

    // b stops writing; the first age bucket leaves the window
    clock.tick(40_000);
    const later = await read();
    expect(later.quantiles.map((q) => Math.round(q[1]))).to.deep.equal([1, 1]);
    expect(later.count).to.equal(4);
    expect(later.sum).to.equal(1201);

    expect(await a.registry.flush()).to.equal(true);
    // a deleted the cells it wrote; the cell only b wrote stays until b flushes, and is ignored
    expect(await cellFields()).to.deep.equal([
      'job_seconds:p:__cell="0",__until="1000000080"',
      'job_seconds:p:__cell="346",__until="1000000060"',
    ]);
    expect(await b.registry.flush()).to.equal(true);
    expect(await cellFields()).to.deep.equal(['job_seconds:p:__cell="0",__until="1000000080"']);

    clock.tick(20_000);
    expect(await a.registry.flush()).to.equal(true);
    expect(await cellFields()).to.deep.equal([]);
    const last = await read();
    expect(last.quantiles).to.deep.equal([[0, NaN], [1, NaN]]); // deep equality takes NaN for NaN
    expect([last.sum, last.count]).to.deep.equal([1201, 4]);
  });

  it('should let deleteExpiredCells remove the cells a stopped writer left behind, after the grace time', async () => {
    const clock = sinon.useFakeTimers({ now: T, toFake: ['Date'] });
    const a = writer();
    const stopped = writer();
    stopped.summary.observe(1000);
    a.summary.observe(100);
    expect(await stopped.registry.flush()).to.equal(true);
    expect(await a.registry.flush()).to.equal(true);
    await ctx.redis.hset(`instrumentor:{${ctx.namespace}}`, 'other::x="1",__until="1"', '5'); // not a summary's
    clock.tick(60_000);
    expect(await a.registry.flush()).to.equal(true);
    expect(await cellFields()).to.deep.equal(['job_seconds:p:__cell="346",__until="1000000060"']);

    const options = { redis: ctx.redis, namespace: ctx.namespace };
    expect(await deleteExpiredCells(options)).to.equal(0); // within the 60 s grace
    clock.tick(60_000);
    expect(await deleteExpiredCells(options)).to.equal(1);
    expect(await cellFields()).to.deep.equal([]);
    const hash = await readHash(ctx.redis, ctx.namespace);
    expect(hash['other::x="1",__until="1"']).to.equal('5');
    expect([hash['job_seconds:s:'], hash['job_seconds:c:']]).to.deep.equal(['1100', '2']);
    expect(ctx.redis.status).to.equal('ready'); // a client it was given stays open
  });
});
