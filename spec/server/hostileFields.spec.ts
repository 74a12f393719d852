import { expect } from 'chai';
import Redis from 'ioredis';
import { namespaceKey } from '../../lib/codec/field';
import { createMetricsHandler, MetricsHandler } from '../../lib/server/createMetricsHandler';
import type { Logger } from '../../lib/server/logger';
import { expectParses } from '../support/openMetricsParser';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../support/redis';

/** The generous budgets the attacks must stay within on a loaded machine (measured figures are in docs/security.md). */
const BUDGET = { seconds: 20, heapBytes: 2 ** 30 };

/** hset writes fields into the hash of a namespace, as anyone with write access may. */
async function hset(redis: Redis, namespace: string, fields: ReadonlyArray<readonly [string, string]>): Promise<void> {
  for (let i = 0; i < fields.length; i += 5000) await redis.hset(namespaceKey(namespace), ...fields.slice(i, i + 5000).flat());
}

/** scrape renders the namespace in both formats, timed, with the heap it took. */
async function scrape(handler: MetricsHandler, namespace: string): Promise<{ text: string; openmetrics: string; seconds: number; heapBytes: number }> {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const text = await handler.render('text', namespace);
  const openmetrics = await handler.render('openmetrics', namespace);
  const seconds = (performance.now() - started) / 1000;
  return { text, openmetrics, seconds, heapBytes: process.memoryUsage().heapUsed - heapBefore };
}

const VALID: ReadonlyArray<readonly [string, string]> = [
  ['orders_total:t:', 'c'],
  ['orders_total:d:', 'Orders'],
  ['orders_total::method="card"', '3'],
];

describe('server: what anyone who can write a namespace may put in it', function () {
  this.timeout(60_000);
  let redis: Redis;
  let namespace: string;
  let handler: MetricsHandler | undefined;
  let warnings: Array<Record<string, unknown>>;
  const logger: Logger = { info: () => undefined, warn: (_m, f) => warnings.push(f ?? {}), error: () => undefined };

  before(() => {
    redis = new Redis(REDIS_URL);
  });
  beforeEach(() => {
    namespace = uniqueNamespace('hostile');
    warnings = [];
    handler = createMetricsHandler({ redis: REDIS_URL, namespaces: [namespace], logger });
  });
  afterEach(async () => {
    await handler?.close();
    await redis.del(...namespaceKeys(namespace));
  });
  after(async () => {
    await redis.quit();
  });

  it('should skip and report a label named __name__ (or any reserved name), so that parsers keep the target', async function () {
    await hset(redis, namespace, [...VALID, ['foreign::__name__="x"', '1'], ['foreign::__foo="y"', '2'], ['orders_total::le="1"', '4']]);
    const { text, openmetrics } = await scrape(handler!, namespace);
    expect(text).to.equal('# HELP orders_total Orders\n# TYPE orders_total counter\norders_total{method="card"} 3\n');
    expect(warnings.map((w) => [w.reason, w.count])).to.have.deep.members([
      ['reserved-label-name', 2],
      ['misplaced-label', 1],
    ]);
    await expectParses(this, text, 'text');
    await expectParses(this, openmetrics);
  });

  it('should render a histogram of 3,000 series, each with its own bound, with its own buckets only (linear, not 9 M lines)', async function () {
    const n = 3000;
    const fields: Array<readonly [string, string]> = [...VALID, ['lat_seconds:t:', 'h']];
    for (let i = 0; i < n; i++) fields.push([`lat_seconds:b:le="${i + 1}",s="${i}"`, '1'], [`lat_seconds:c:s="${i}"`, '1']);
    await hset(redis, namespace, fields);
    const r = await scrape(handler!, namespace);
    const lines = r.text.split('\n').length - 1;
    // per series: its own bucket, +Inf, _sum and _count
    expect(lines).to.equal(5 + 4 * n);
    expect(r.text).to.contain(`lat_seconds_bucket{s="17",le="18"} 1\nlat_seconds_bucket{s="17",le="+Inf"} 1\n`);
    expect(r.text).not.to.contain(`lat_seconds_bucket{s="17",le="19"}`);
    expect(r.seconds, `${r.seconds} s`).to.be.below(BUDGET.seconds);
    expect(r.heapBytes, `${r.heapBytes} bytes`).to.be.below(BUDGET.heapBytes);
    await expectParses(this, r.openmetrics);
  });

  it('should render a summary of 3,000 quantiles × 3,000 series with at most 64 quantiles per series, and report the rest', async function () {
    const n = 3000;
    const fields: Array<readonly [string, string]> = [...VALID, ['rtt_seconds:t:', 's']];
    for (let i = 0; i < n; i++) {
      fields.push([`rtt_seconds:q:quantile="${(i / n).toString()}"`, '1']);
      fields.push([`rtt_seconds:p:__cell="${i}",s="${i}"`, '1'], [`rtt_seconds:c:s="${i}"`, '1']);
    }
    await hset(redis, namespace, fields);
    const r = await scrape(handler!, namespace);
    const lines = r.text.split('\n').length - 1;
    expect(lines).to.equal(5 + (64 + 2) * n);
    expect(r.text).to.contain(`rtt_seconds{s="0",quantile="0.021"} 0.99\n`);
    expect(r.text).not.to.contain(`quantile="0.0213333`);
    expect(warnings.find((w) => w.reason === 'too-many-quantiles')?.count).to.equal(n - 64);
    expect(r.seconds, `${r.seconds} s`).to.be.below(BUDGET.seconds);
    expect(r.heapBytes, `${r.heapBytes} bytes`).to.be.below(BUDGET.heapBytes);
    await expectParses(this, r.openmetrics);
  });

  it("should leave out a self-metric whose name a namespace's family takes, so that /metrics still parses", async function () {
    await hset(redis, namespace, [...VALID, ['instrumentor_namespace_up:t:', 'g'], ['instrumentor_namespace_up::', '7']]);
    const text = await handler!.render('text');
    expect(text.match(/^# TYPE instrumentor_namespace_up /gm)).to.have.length(1);
    expect(text).to.contain(`instrumentor_namespace_up{namespace="${namespace}"} 7\n`);
    expect(text).to.contain(`instrumentor_namespace_read_seconds{namespace="${namespace}"}`);
    await expectParses(this, await handler!.render('openmetrics'));
  });

  it('should take lower limits from its options', async () => {
    await handler!.close();
    handler = createMetricsHandler({ redis: REDIS_URL, namespaces: [namespace], logger, limits: { maxBucketsPerSeries: 2, maxFieldBytes: 40 } });
    await hset(redis, namespace, [
      ...VALID,
      ['h:b:le="1"', '1'], ['h:b:le="2"', '2'], ['h:b:le="3"', '3'], ['h:b:le="+Inf"', '3'],
      ['orders_total::method="a-rather-long-payment-method"', '1'],
    ]);
    const text = await handler!.render('text', namespace);
    expect(text).to.contain('h_bucket{le="2"} 2\nh_bucket{le="+Inf"} 3\n');
    expect(text).not.to.contain('le="3"');
    expect(warnings.map((w) => [w.reason, w.count])).to.have.deep.members([['too-many-buckets', 1], ['field-too-long', 1]]);
  });

  it('should skip fields and values over the size limits, and read the rest', async function () {
    await hset(redis, namespace, [...VALID, [`big::a="${'x'.repeat(20_000)}"`, '1'], ['huge::', '1'.repeat(70_000)]]);
    const { text, openmetrics } = await scrape(handler!, namespace);
    expect(text).to.equal('# HELP orders_total Orders\n# TYPE orders_total counter\norders_total{method="card"} 3\n');
    const reasons = warnings.map((w) => w.reason);
    expect(reasons).to.have.members(['field-too-long', 'value-too-long']);
    // the example of a long field is cut
    expect(String(warnings.find((w) => w.reason === 'field-too-long')!.examples).length).to.be.below(300);
    await expectParses(this, openmetrics);
  });
});
