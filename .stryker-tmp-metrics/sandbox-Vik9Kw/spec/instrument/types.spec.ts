// @ts-nocheck
import { expect } from 'chai';
import { count, counted } from '../../lib/instrument/count';
import { track, tracked } from '../../lib/instrument/gaugeTrack';
import { time } from '../../lib/instrument/time';
import { timed } from '../../lib/instrument/timed';
import { timer } from '../../lib/instrument/timer';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { Summary } from '../../lib/metrics/Summary';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { captureWarnings } from './support';

// `npm run typecheck` checks this file: every `@ts-expect-error` below must
// meet a compile error, or the typecheck fails.

describe('instrument: label names are checked at compile time', () => {
  const placed = new Counter({ name: 'typed_placed_total', description: 'x', allowedLabels: ['channel', 'outcome'] });
  const plain = new Counter({ name: 'typed_plain_total', description: 'x' });
  const latency = new Histogram({ name: 'typed_latency_seconds', description: 'x', allowedLabels: ['step'] });
  const quotes = new Summary({ name: 'typed_quotes_seconds', description: 'x', allowedLabels: ['source'] });
  const running = new Gauge({ name: 'typed_running', description: 'x', allowedLabels: ['queue'] });
  const store = new MemoryStore();
  const registry = new CollectorRegistry({ store, namespace: 'types', flushIntervalMs: 0 });
  for (const m of [placed, plain, latency, quotes, running]) registry.register(m);

  it('should accept the declared label names', () => {
    const accepted = [
      () => count(placed, { labels: { channel: 'api' }, outcomeLabel: 'outcome' }),
      () => placed.count({ labels: { channel: 'web' }, labelsAtEnd: () => ({ outcome: 'ok' }) }),
      () => time(latency, { labels: { step: 'db' }, milliseconds: true }),
      () => latency.time({ labels: { step: 'db' } }),
      () => quotes.time({ labels: { source: 'bank' } }),
      () => timer(latency, { labels: { step: 'db' } }).end({ step: 'io' }),
      () => timed(latency, () => 1, { labels: { step: 'fetch' } }),
      () => counted(placed, () => 1, { labels: { channel: 'api' } }),
      () => track(running, { labels: { queue: 'mail' } }),
      () => running.track({ labels: { queue: 'mail' } }),
      () => tracked(running, () => 1, { labels: { queue: 'sms' } }),
      () => running.count({ labels: { queue: 'sms' } }),
    ];
    for (const f of accepted) expect(f).not.to.throw();
  });

  it('should reject unknown label names and wrong metrics (and throw at run time for JavaScript callers)', () => {
    const rejected = [
      //  "chanel" is not a label of orders placed
      () => count(placed, { labels: { chanel: 'api' } }),
      //  not a label of the counter
      () => placed.count({ labels: { route: '/' } }),
      //  a metric without labels takes none
      () => count(plain, { labels: { channel: 'api' } }),
      //  the outcome label must be a declared label
      () => count(placed, { outcomeLabel: 'result' }),
      //  not a label of the histogram
      () => latency.time({ labels: { stage: 'db' } }),
      //  not a label of the summary
      () => quotes.time({ labels: { step: 'db' } }),
      //  not a label of the histogram
      () => timer(latency, { labels: { stp: 'db' } }),
      //  not a label of the histogram
      () => timer(latency).end({ code: 200 }),
      //  not a label of the histogram
      () => timed(latency, () => 1, { labels: { x: 1 } }),
      //  not a label of the gauge
      () => running.track({ labels: { q: 'mail' } }),
      //  a counter does not observe durations
      () => time(placed),
      //  only a gauge tracks calls in progress
      () => track(placed),
    ];
    for (const f of rejected) expect(f).to.throw(TypeError);
  });

  it('should type labels returned at the end of a call (and refuse a wrong one at run time, leaving the call alone)', async () => {
    //  "code" is not a label of the histogram
    const wrong = time(latency, { labelsAtEnd: () => ({ code: 200 }) });
    const right = time(latency, { labelsAtEnd: () => ({ step: 'end' }) });
    class Job {
      @right
      run(): number {
        return 1;
      }
      @wrong
      fail(): number {
        return 2;
      }
    }
    const capture = captureWarnings();
    expect([new Job().run(), new Job().fail()]).to.deep.equal([1, 2]);
    const warnings = (await capture.stop()).map((w) => w.message);
    expect(warnings).to.deep.equal([
      '@time on Job.fail could not record into metric "typed_latency_seconds" (the call was not affected): metric "typed_latency_seconds": unknown label "code" (allowed: "step")',
    ]);
    expect(await registry.flush()).to.equal(true);
    const fields = store.fields('types');
    expect(fields.get('typed_latency_seconds:c:step="end"')).to.equal('1');
    expect([...fields.keys()].filter((f) => f.includes('code='))).to.deep.equal([]);
  });

  it('should keep the decorated method\'s type, and refuse a getter at compile time', () => {
    class Service {
      @placed.count
      @latency.time
      async place(n: number): Promise<number> {
        return n;
      }

      @count(placed, { labels: { channel: 'api' } })
      static make(): Service {
        return new Service();
      }
    }
    const result: Promise<number> = Service.make().place(2);
    expect(() => {
      class Refused {
        //  a getter cannot be instrumented
        @placed.count
        get total(): number {
          return 1;
        }
      }
      return Refused;
    }).to.throw(TypeError, 'it is a getter');
    return result;
  });
});
