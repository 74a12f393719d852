// @ts-nocheck
import { expect } from 'chai';
import Redis from 'ioredis';
import * as sinon from 'sinon';
import { namespaceKey } from '../../lib/codec/field';
import { createMetricsHandler, MetricsHandler } from '../../lib/server/createMetricsHandler';
import type { Logger } from '../../lib/server/logger';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../support/redis';

describe('server: reports of skipped fields', function () {
  this.timeout(30_000);
  let redis: Redis;
  let namespace: string;
  let handler: MetricsHandler | undefined;
  let lines: Array<[string, Record<string, unknown>]>;
  const logger: Logger = { info: () => undefined, warn: (m, f) => lines.push([m, f ?? {}]), error: (m, f) => lines.push([m, f ?? {}]) };

  before(() => {
    redis = new Redis(REDIS_URL);
  });
  beforeEach(async () => {
    namespace = uniqueNamespace('skipped');
    lines = [];
    // 7,410 bad fields of two kinds next to a valid counter
    const fields: string[] = ['ok_total:t:', 'c', 'ok_total::', '1'];
    for (let i = 0; i < 7000; i++) fields.push(`foreign${i}::__name__="x"`, '1');
    for (let i = 0; i < 410; i++) fields.push(`weird${i}:t:`, 'q');
    await redis.hset(namespaceKey(namespace), ...fields);
  });
  afterEach(async () => {
    await handler?.close();
    handler = undefined;
    await redis.del(...namespaceKeys(namespace));
  });
  after(async () => {
    await redis.quit();
  });

  it('should log one summary line per namespace and reason a minute, and count every skipped field in a self-metric', async () => {
    const clock = sinon.useFakeTimers({ now: Date.parse('2026-12-01T00:00:00Z'), toFake: ['Date'] });
    handler = createMetricsHandler({ redis: REDIS_URL, namespaces: [namespace], logger });
    for (let i = 0; i < 5; i++) await handler.render('text');
    expect(lines.map(([, f]) => [f.namespace, f.reason, f.count])).to.have.deep.members([
      [namespace, 'reserved-label-name', 7000],
      [namespace, 'unknown-type', 410],
    ]);
    for (const [message, f] of lines) {
      expect(message).to.equal('skipped fields that do not follow the format');
      expect(String(f.examples).split(' ')).to.have.length(3);
    }

    clock.tick(59_000);
    await handler.render('text');
    expect(lines).to.have.length(2);
    clock.tick(2_000);
    const text = await handler.render('text');
    expect(lines).to.have.length(4);
    expect(lines.slice(2).map(([, f]) => f.reason)).to.have.members(['reserved-label-name', 'unknown-type']);

    // 7 reads so far, each counted
    expect(text).to.contain(`instrumentor_skipped_fields_total{namespace="${namespace}",reason="reserved-label-name"} ${7 * 7000}\n`);
    expect(text).to.contain(`instrumentor_skipped_fields_total{namespace="${namespace}",reason="unknown-type"} ${7 * 410}\n`);
    expect(text).to.contain('ok_total{namespace=');
  });
});
