// @ts-nocheck
import { expect } from 'chai';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { runWorker } from '../support/processes';
import { promtoolCheck } from '../support/promtool';
import { useNamespace } from '../support/redis';

describe('many processes, one namespace (real Redis, real processes)', function () {
  this.timeout(60_000);
  const ctx = useNamespace('multi');

  it('should show exactly the sum of what every process recorded', async function () {
    const workers = 3;
    const iterations = 20_000;
    const results = await Promise.all(
      Array.from({ length: workers }, (_, i) => runWorker('spec/fixtures/recordWorker.ts', [ctx.namespace, String(i), String(iterations)])),
    );
    expect(results.flat()).to.have.deep.members([0, 1, 2].map((i) => ({ id: String(i), ok: true })));

    // Per process: values 0..1999 repeat 10 times; buckets count values <= le.
    const perProcessSum = 10 * ((1999 * 2000) / 2);
    const text = await new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace }).expose();
    expect(text).to.equal(
      [
        '# HELP busy_workers Busy workers',
        '# TYPE busy_workers gauge',
        'busy_workers 0',
        '# HELP jobs_total Jobs done',
        '# TYPE jobs_total counter',
        `jobs_total{outcome="error",queue="sms \\"urgent\\", a:b=c\\n"} ${workers * iterations * 0.5}`,
        `jobs_total{outcome="ok",queue="mail"} ${workers * iterations}`,
        '# HELP payload_bytes Payload size',
        '# TYPE payload_bytes histogram',
        `payload_bytes_bucket{queue="mail",le="10"} ${workers * 10 * 11}`,
        `payload_bytes_bucket{queue="mail",le="100"} ${workers * 10 * 101}`,
        `payload_bytes_bucket{queue="mail",le="1000"} ${workers * 10 * 1001}`,
        `payload_bytes_bucket{queue="mail",le="+Inf"} ${workers * iterations}`,
        `payload_bytes_sum{queue="mail"} ${workers * perProcessSum}`,
        `payload_bytes_count{queue="mail"} ${workers * iterations}`,
        '',
      ].join('\n'),
    );
    const check = promtoolCheck(this, text);
    expect(check.output).to.equal('');
    expect(check.status).to.equal(0);
  });
});
