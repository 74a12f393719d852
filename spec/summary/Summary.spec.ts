import { expect } from 'chai';
import * as sinon from 'sinon';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import type { SummarySeries } from '../../lib/exposition/families';
import { Summary } from '../../lib/metrics/Summary';
import { LogMapping } from '../../lib/sketch/LogMapping';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';

/** setup gives a registry on a MemoryStore that flushes only when asked. */
function setup(eager = false): { store: MemoryStore; registry: CollectorRegistry; fields: () => Record<string, string> } {
  const store = new MemoryStore();
  const registry = new CollectorRegistry({ store, namespace: 'spec', flushIntervalMs: 0, eager });
  return { store, registry, fields: () => Object.fromEntries(store.fields('spec')) };
}

function cellsOf(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([f]) => /^[a-z_]+:[pnz]:/.test(f)));
}

function onlySeries(fields: Record<string, string>, nowMs = Date.now()): SummarySeries {
  const decoded = decodeNamespace(Object.entries(fields), nowMs);
  expect(decoded.skipped).to.deep.equal([]);
  const family = decoded.families[0];
  expect(family.type).to.equal('summary');
  return family.series[0] as SummarySeries;
}

describe('Summary', () => {
  describe('constructor', () => {
    it('should default to quantiles 0.5, 0.9 and 0.99, 1% accuracy, 2048 cells and no window', () => {
      const s = new Summary({ name: 'x', description: 'x' });
      expect(s.type).to.equal('summary');
      expect(s.quantiles).to.deep.equal([0.5, 0.9, 0.99]);
      expect(s.relativeAccuracy).to.equal(0.01);
      expect(s.maxCells).to.equal(2048);
      expect(s.maxAgeSeconds).to.equal(undefined);
    });

    it('should sort the quantiles and default ageBuckets to 5 with a window', () => {
      const s = new Summary({ name: 'x', description: 'x', quantiles: [0.99, 0, 0.5, 1], maxAgeSeconds: 600 });
      expect(s.quantiles).to.deep.equal([0, 0.5, 0.99, 1]);
      expect([s.maxAgeSeconds, s.ageBuckets]).to.deep.equal([600, 5]);
    });

    it('should refuse bad options, naming the metric and the value', () => {
      const bad: Array<[object, RegExp]> = [
        [{ quantiles: [0.5, 1.5] }, /summary "x": quantile 1.5 is not a number from 0 to 1/],
        [{ quantiles: [0.5, 0.5] }, /quantile 0.5 is given twice/],
        [{ quantiles: [NaN] }, /quantile NaN/],
        [{ quantiles: [-0.1] }, /summary "x": quantile -0.1 is not a number from 0 to 1/],
        [{ quantiles: ['0.5'] }, /quantile "0.5" is not a number/],
        [{ maxCells: 65537 }, /maxCells must be a whole number from 1 to 65536, got 65537/],
        [{ maxAgeSeconds: 60, ageBuckets: 61 }, /ageBuckets must be a whole number from 1 to 60, got 61/],
        [{ relativeAccuracy: 0 }, /summary "x": relative accuracy .* got 0/],
        [{ relativeAccuracy: 1 }, /relative accuracy/],
        [{ maxCells: 0 }, /summary "x": maxCells must be a whole number from 1 to 65536, got 0/],
        [{ maxCells: 2.5 }, /maxCells/],
        [{ maxAgeSeconds: 0 }, /maxAgeSeconds must be a whole number/],
        [{ maxAgeSeconds: 60, ageBuckets: 0 }, /ageBuckets must be a whole number from 1 to 60, got 0/],
        [{ ageBuckets: 100 }, /ageBuckets/],
      ];
      for (const [options, message] of bad) {
        expect(() => new Summary({ name: 'x', description: 'x', ...options }), JSON.stringify(options)).to.throw(RangeError, message);
      }
      // the bounds themselves are allowed
      const edge = new Summary({ name: 'x', description: 'x', quantiles: [0, 1], maxCells: 65536, maxAgeSeconds: 60, ageBuckets: 60 });
      expect([edge.quantiles, edge.maxCells, edge.ageBuckets]).to.deep.equal([[0, 1], 65536, 60]);
      expect(new Summary({ name: 'x', description: 'x', maxCells: 1 }).maxCells).to.equal(1);
      expect(() => new Summary({ name: 'x', description: 'x', quantiles: 0.5 as any })).to.throw(TypeError, /quantiles must be an array/);
      expect(() => new Summary({ name: 'x', description: 'x', allowedLabels: ['quantile'] })).to.throw(TypeError, /reserved/);
      expect(() => new Summary({ name: 'x', description: 'x', allowedLabels: ['__cell'] })).to.throw(TypeError, /not a valid label name/);
    });
  });

  describe('#observe', () => {
    it('should write the sketch cells, sum and count, and describe the sketch', async () => {
      const { registry, fields } = setup();
      const skew = registry.register(
        new Summary({ name: 'clock_skew_seconds', description: 'Clock skew', allowedLabels: ['host'], quantiles: [0.5, 0.9] }),
      );
      for (const v of [-0.02, 0, 0.003, 0.003, 0.25]) skew.observe(v, { host: 'a' });
      expect(await registry.flush()).to.equal(true);
      expect(fields()).to.deep.equal({
        'clock_skew_seconds:d:': 'Clock skew',
        'clock_skew_seconds:t:': 's',
        'clock_skew_seconds:a:': '0.01',
        'clock_skew_seconds:m:': '2048',
        'clock_skew_seconds:q:quantile="0.5"': '1',
        'clock_skew_seconds:q:quantile="0.9"': '1',
        'clock_skew_seconds:n:__cell="-195",host="a"': '1',
        'clock_skew_seconds:z:host="a"': '1',
        'clock_skew_seconds:p:__cell="-290",host="a"': '2',
        'clock_skew_seconds:p:__cell="-69",host="a"': '1',
        'clock_skew_seconds:s:host="a"': '0.236',
        'clock_skew_seconds:c:host="a"': '5',
      });
    });

    it('should render the example of docs/format.md as shown there', async () => {
      const { store, registry } = setup();
      const skew = registry.register(
        new Summary({ name: 'clock_skew_seconds', description: 'Clock skew', allowedLabels: ['host'], quantiles: [0.5, 0.9] }),
      );
      for (const v of [-0.02, 0, 0.003, 0.003, 0.25]) skew.observe(v, { host: 'a' });
      await registry.flush();
      const text = await new ExpositionClient({ store, namespace: 'spec' }).expose();
      expect(text).to.equal(
        [
          '# HELP clock_skew_seconds Clock skew',
          '# TYPE clock_skew_seconds summary',
          'clock_skew_seconds{host="a",quantile="0.5"} 0.0029966997451917575',
          'clock_skew_seconds{host="a",quantile="0.9"} 0.24905131021792543',
          'clock_skew_seconds_sum{host="a"} 0.236',
          'clock_skew_seconds_count{host="a"} 5',
          '',
        ].join('\n'),
      );
    });

    it('should add to the cells on later flushes and write only what changed', async () => {
      const { registry, fields } = setup();
      const s = registry.register(new Summary({ name: 'x', description: 'x', quantiles: [0.5] }));
      s.observe(0.003);
      await registry.flush();
      s.observe(0.003);
      s.observe(0.25);
      await registry.flush();
      expect(cellsOf(fields())).to.deep.equal({ 'x:p:__cell="-290"': '2', 'x:p:__cell="-69"': '1' });
      expect([fields()['x:s:'], fields()['x:c:']]).to.deep.equal(['0.256', '3']);
    });

    it('should record through a bound child into the same series', async () => {
      const { registry, fields } = setup();
      const s = registry.register(new Summary({ name: 'x', description: 'x', allowedLabels: ['a'] }));
      s.labels({ a: 'b' }).observe(1);
      s.observe(1, { a: 'b' });
      await registry.flush();
      expect(cellsOf(fields())).to.deep.equal({ 'x:p:__cell="0",a="b"': '2' });
    });

    it('should throw for values that are not finite numbers, naming the metric', () => {
      const s = new Summary({ name: 'x', description: 'x', allowedLabels: ['a'] });
      expect(() => s.observe(Infinity)).to.throw(RangeError, 'summary "x": observed value must be a finite number, got Infinity');
      expect(() => s.observe(NaN)).to.throw(RangeError, /got NaN/);
      expect(() => s.labels({ a: '1' }).observe('1' as any)).to.throw(TypeError, /got "1"/);
      expect(() => s.observe(1, { b: 1 } as any)).to.throw(TypeError, /unknown label "b"/);
    });
  });

  describe('cell bound', () => {
    // gamma = 3 at 50% accuracy: 1 is cell 0, 2 cell 1, 5 cell 2, 10 cell 3, 30 cell 4, 100 cell 5
    it('should keep the highest cells of a series, counting lower values in the lowest cell kept', async () => {
      const { registry, fields } = setup();
      const s = registry.register(new Summary({ name: 'x', description: 'x', relativeAccuracy: 0.5, maxCells: 3, quantiles: [0, 0.5, 1] }));
      for (const v of [1, 2, 5, 10, 30, 0.5]) s.observe(v);
      await registry.flush();
      expect(cellsOf(fields())).to.deep.equal({ 'x:p:__cell="2"': '4', 'x:p:__cell="3"': '1', 'x:p:__cell="4"': '1' });
      // rank 1 and 3 fall in the merged cell 2 (4.5); rank 6 in cell 4 (40.5)
      expect(onlySeries(fields()).quantiles).to.deep.equal([[0, 4.5], [0.5, 4.5], [1, 40.5]]);
      expect(onlySeries(fields()).count).to.equal(6);
    });

    it('should bound the cells the reader uses when the writers together hold more', async () => {
      const { registry, fields } = setup();
      const s = registry.register(new Summary({ name: 'x', description: 'x', relativeAccuracy: 0.5, maxCells: 3, quantiles: [0, 0.5, 1] }));
      for (const v of [5, 10, 30, 30]) s.observe(v);
      await registry.flush();
      s.observe(100); // drops cell 2 in this process; Redis still holds its count
      await registry.flush();
      expect(cellsOf(fields())).to.deep.equal({
        'x:p:__cell="2"': '1', 'x:p:__cell="3"': '1', 'x:p:__cell="4"': '2', 'x:p:__cell="5"': '1',
      });
      // the reader merges cell 2 into cell 3: counts 2, 2, 1
      expect(onlySeries(fields()).quantiles).to.deep.equal([[0, 13.5], [0.5, 40.5], [1, 121.5]]);
    });

    it('should order negative values, zero and positive values when collapsing', async () => {
      const { registry, fields } = setup();
      const s = registry.register(new Summary({ name: 'x', description: 'x', relativeAccuracy: 0.5, maxCells: 2, quantiles: [0, 1] }));
      for (const v of [-10, 0, 1]) s.observe(v);
      await registry.flush();
      expect(cellsOf(fields())).to.deep.equal({ 'x:z:': '2', 'x:p:__cell="0"': '1' });
      expect(onlySeries(fields()).quantiles).to.deep.equal([[0, 0], [1, 0.5]]); // cell 0 holds (1/3, 1]
    });
  });

  describe('window', () => {
    // 60 s in 3 age buckets of 20 s; T is the start of a bucket
    const T = 1_000_000_000_000;
    // the values reported at 1% accuracy for 1 (cell 0) and 100 (cell 231)
    const ONE = new LogMapping(0.01).value(0);
    const HUNDRED = new LogMapping(0.01).value(231);

    it('should write cells per age bucket with the time they leave the window', async () => {
      const clock = sinon.useFakeTimers({ now: T + 5_000, toFake: ['Date'] });
      const { registry, fields } = setup();
      const s = registry.register(new Summary({ name: 'x', description: 'x', quantiles: [0.5, 1], maxAgeSeconds: 60, ageBuckets: 3 }));
      s.observe(1);
      await registry.flush();
      clock.tick(20_000);
      s.observe(1);
      s.observe(100);
      await registry.flush();
      expect(cellsOf(fields())).to.deep.equal({
        'x:p:__cell="0",__until="1000000060"': '1',
        'x:p:__cell="0",__until="1000000080"': '1',
        'x:p:__cell="231",__until="1000000080"': '1',
      });
      expect(onlySeries(fields()).quantiles.map((q) => q[1])).to.deep.equal([ONE, HUNDRED]);
    });

    it('should write the windowed example of docs/format.md as shown there', async () => {
      sinon.useFakeTimers({ now: Date.parse('2026-11-25T10:01:30Z'), toFake: ['Date'] });
      const { registry, fields } = setup();
      const jobs = registry.register(new Summary({ name: 'job_duration_seconds', description: 'Job duration', maxAgeSeconds: 600 }));
      jobs.observe(0.2);
      jobs.observe(0.21);
      await registry.flush();
      expect(cellsOf(fields())).to.deep.equal({
        'job_duration_seconds:p:__cell="-80",__until="1795601400"': '1',
        'job_duration_seconds:p:__cell="-78",__until="1795601400"': '1',
      });
      expect(new Date(1795601400 * 1000).toISOString()).to.equal('2026-11-25T10:10:00.000Z');
    });

    it('should stop reading expired cells, delete them on the next flush, and keep _sum and _count', async () => {
      const clock = sinon.useFakeTimers({ now: T, toFake: ['Date'] });
      const { registry, fields } = setup();
      const s = registry.register(new Summary({ name: 'x', description: 'x', quantiles: [0, 1], maxAgeSeconds: 60, ageBuckets: 3 }));
      s.observe(100);
      await registry.flush();
      clock.tick(20_000);
      s.observe(1);
      await registry.flush();
      expect(onlySeries(fields()).quantiles).to.deep.equal([[0, ONE], [1, HUNDRED]]);

      clock.tick(40_000); // the first bucket leaves the window
      const before = fields();
      expect(Object.keys(cellsOf(before))).to.have.length(2);
      expect(onlySeries(before).quantiles).to.deep.equal([[0, ONE], [1, ONE]]);
      await registry.flush(); // nothing recorded, yet the expired cell goes
      expect(cellsOf(fields())).to.deep.equal({ 'x:p:__cell="0",__until="1000000080"': '1' });

      clock.tick(20_000);
      expect(onlySeries(fields()).quantiles).to.deep.equal([[0, NaN], [1, NaN]]); // deep equality takes NaN for NaN
      await registry.flush();
      expect(cellsOf(fields())).to.deep.equal({});
      expect([fields()['x:s:'], fields()['x:c:']]).to.deep.equal(['101', '2']);
      expect(s._dirty).to.have.length(0); // nothing left to expire: the series is no longer visited
    });

    it('should drop values of a bucket that expired before they were flushed', async () => {
      const clock = sinon.useFakeTimers({ now: T, toFake: ['Date'] });
      const { registry, fields } = setup();
      const s = registry.register(new Summary({ name: 'x', description: 'x', maxAgeSeconds: 60, ageBuckets: 3 }));
      s.observe(5);
      clock.tick(60_000);
      await registry.flush();
      expect(cellsOf(fields())).to.deep.equal({});
      expect(fields()['x:c:']).to.equal('1');
    });

    it('should queue a series again after the registry dropped an update of it for a full buffer', async () => {
      sinon.useFakeTimers({ now: T, toFake: ['Date'] });
      const store = new MemoryStore();
      const registry = new CollectorRegistry({ store, namespace: 'spec', flushIntervalMs: 0, maxBufferedSeries: 1, onError: () => undefined });
      const s = registry.register(new Summary({ name: 'x', description: 'x', allowedLabels: ['k'], maxAgeSeconds: 60, ageBuckets: 3 }));
      s.observe(1, { k: 'a' });
      s.observe(1, { k: 'b' }); // dropped: the buffer holds one series
      expect(await registry.flush()).to.equal(true);
      s.observe(1, { k: 'b' });
      expect(await registry.flush()).to.equal(true);
      expect(cellsOf(Object.fromEntries(store.fields('spec')))).to.deep.equal({
        'x:p:__cell="0",__until="1000000060",k="a"': '1',
        'x:p:__cell="0",__until="1000000060",k="b"': '1',
      });
    });

    it('should keep a bounded number of windows for a series that is never flushed', () => {
      const clock = sinon.useFakeTimers({ now: T, toFake: ['Date'] });
      const s = new Summary({ name: 'x', description: 'x', maxAgeSeconds: 60, ageBuckets: 3 });
      for (let i = 0; i < 50; i++) {
        s.observe(i);
        clock.tick(20_000);
      }
      const series = (s as any).series(undefined);
      expect(series.windows).to.have.length(6);
      expect(series.windows[5].until).to.equal(T / 1000 + 49 * 20 + 60);
    });

    it('should still send updates in eager mode while expired cells wait to be deleted', async () => {
      sinon.useFakeTimers({ now: T, toFake: ['Date'] });
      const { registry, fields } = setup(true);
      const s = registry.register(new Summary({ name: 'x', description: 'x', maxAgeSeconds: 60, ageBuckets: 3 }));
      s.observe(1);
      await until(() => fields()['x:c:'] === '1');
      s.observe(1);
      await until(() => fields()['x:c:'] === '2');
      expect(cellsOf(fields())).to.deep.equal({ 'x:p:__cell="0",__until="1000000060"': '2' });
    });
  });
});

/** until waits, turn by turn of the event loop, for a condition (at most 1000 turns). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).to.equal(true);
}
