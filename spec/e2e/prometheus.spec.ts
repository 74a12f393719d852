import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import Redis from 'ioredis';
import { needPrograms } from '../support/binaries';
import { exited, stopped } from '../support/processes';
import { expectParses } from '../support/openMetricsParser';
import { promtoolCheck } from '../support/promtool';
import { namespaceKey } from '../../lib/codec/field';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../support/redis';
import { freePort, get, until } from '../server/helpers';

const ROOT = join(__dirname, '..', '..');
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** run starts a TS file of this project as its own process, through tsx. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, file), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}


interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

describe('end to end: worker processes, the exposition server and a real Prometheus', function () {
  this.timeout(90_000);
  let redis: Redis | undefined;
  let shop: string;
  let billing: string;
  let hostile: string;
  let broken: string;
  let dir: string | undefined;
  let server: ChildProcess | undefined;
  let prometheus: ChildProcess | undefined;
  let serverPort: number;
  let promPort: number;

  before(async function () {
    needPrograms(this, 'prometheus', 'promtool');
    redis = new Redis(REDIS_URL);
    shop = uniqueNamespace('e2e-shop');
    billing = uniqueNamespace('e2e-billing');
    hostile = uniqueNamespace('e2e-hostile');
    broken = uniqueNamespace('e2e-broken');
    // what anyone who can write a namespace may put in it, and a namespace key of the wrong type
    await redis.hset(
      namespaceKey(hostile),
      'foreign::__name__="x"', '1',
      'foreign::__foo="y"', '1',
      'e2e_hostile_x_total:t:', 'c',
      'e2e_hostile_x_total:d:', 'Two fields, one series',
      'e2e_hostile_x_total::code=""', '1',
      'e2e_hostile_x_total::', '2',
      'e2e_hostile_rpc:t:', 'h',
      'e2e_hostile_rpc:d:', 'Each series with its own bounds',
      'e2e_hostile_rpc:b:le="1",s="a"', '1',
      'e2e_hostile_rpc:b:le="2",s="b"', '1',
      'e2e_hostile_rpc_count:t:', 'g',
      'e2e_hostile_rpc_count::', '5',
      'e2e_hostile_skew:t:', 's',
      'e2e_hostile_skew:d:', 'A negative median',
      'e2e_hostile_skew:q:quantile="0.5"', '1',
      'e2e_hostile_skew:n:__cell="1"', '3',
      'e2e_hostile_skew:s:', '-3.03',
      'e2e_hostile_skew:c:', '3',
    );
    await redis.set(namespaceKey(broken), 'not a hash');
    dir = mkdtempSync(join(tmpdir(), 'instrumentor-e2e-'));

    // three application processes: two write shop, one writes billing
    const workers = [
      run('spec/e2e/worker.ts', [shop, REDIS_URL, '3', '0.05', '0.3']),
      run('spec/e2e/worker.ts', [shop, REDIS_URL, '4', '0.7', '2']),
      run('spec/e2e/worker.ts', [billing, REDIS_URL, '10', '0.2']),
    ];
    expect(await Promise.all(workers.map(exited))).to.deep.equal([0, 0, 0]);

    serverPort = await freePort();
    server = run('lib/cli/main.ts', ['serve', '--redis', REDIS_URL, '-n', shop, '-n', billing, '-n', hostile, '-n', broken, '--port', String(serverPort), '--host', '127.0.0.1']);
    let log = '';
    server.stdout!.on('data', (d) => (log += d));
    await until(() => log.includes('msg=listening'), 20_000, 'the exposition server to listen');

    promPort = await freePort();
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: merged',
      '    metrics_path: /metrics',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${serverPort}']`,
      '  - job_name: text',
      `    metrics_path: /metrics/${shop}`,
      '    params:',
      '      format: [text]',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${serverPort}']`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'prometheus.yml'), config);
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    );
    const spawnFailed = new Promise<never>((_, reject) => prometheus!.once('error', reject));
    spawnFailed.catch(() => undefined);
    await Promise.race([spawnFailed, until(async () => (await get(`http://127.0.0.1:${promPort}/-/ready`)).status === 200, 30_000, 'Prometheus to be ready')]);
  });

  after(async () => {
    await stopped(prometheus);
    await stopped(server);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    if (redis === undefined) return;
    await redis.del(...namespaceKeys(shop), ...namespaceKeys(billing), ...namespaceKeys(hostile), ...namespaceKeys(broken));
    await redis.quit();
  });

  async function query(promql: string): Promise<Sample[]> {
    const res = await get(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = JSON.parse(res.text);
    if (body.status !== 'success') throw new Error(`query ${promql} failed: ${res.text}`);
    return body.data.result;
  }

  async function value(promql: string): Promise<number> {
    let result: Sample[] = [];
    await until(async () => (result = await query(promql)).length > 0, 30_000, `Prometheus to have ${promql}`);
    expect(result, promql).to.have.length(1);
    return Number(result[0].value[1]);
  }

  it('should let Prometheus scrape both formats and store the values the processes recorded', async () => {
    // OpenMetrics (negotiated): every namespace on /metrics, labelled
    expect(await value(`up{job="merged"}`)).to.equal(1);
    expect(await value(`e2e_orders_total{job="merged",namespace="${shop}",method="card"}`)).to.equal(7);
    expect(await value(`e2e_orders_total{job="merged",namespace="${shop}",method="cash"}`)).to.equal(2);
    expect(await value(`e2e_orders_total{job="merged",namespace="${billing}",method="card"}`)).to.equal(10);
    expect(await value(`e2e_workers{job="merged",namespace="${shop}"}`)).to.equal(2);
    expect(await value(`e2e_checkout_seconds_bucket{job="merged",namespace="${shop}",le="0.5"}`)).to.equal(2);
    expect(await value(`e2e_checkout_seconds_bucket{job="merged",namespace="${shop}",le="+Inf"}`)).to.equal(4);
    expect(await value(`e2e_checkout_seconds_count{job="merged",namespace="${shop}"}`)).to.equal(4);
    expect(await value(`e2e_checkout_seconds_sum{job="merged",namespace="${shop}"}`)).to.be.closeTo(3.05, 1e-9);
    expect(await value(`e2e_payload_bytes_count{job="merged",namespace="${shop}"}`)).to.equal(4);
    expect(await value(`e2e_payload_bytes{job="merged",namespace="${shop}",quantile="1"}`)).to.be.closeTo(2000, 2000 * 0.011);
    // the counter stored without _total is e2e_jobs_total in OpenMetrics: proof that OpenMetrics was negotiated
    expect(await value(`e2e_jobs_total{job="merged",namespace="${shop}"}`)).to.equal(4);

    // the text format (forced with ?format=text) on the path of one namespace, unlabelled
    expect(await value(`up{job="text"}`)).to.equal(1);
    expect(await value(`e2e_orders_total{job="text",method="card",namespace=""}`)).to.equal(7);
    expect(await value(`e2e_jobs{job="text"}`)).to.equal(4);
    expect(await value(`e2e_checkout_seconds_bucket{job="text",le="1"}`)).to.equal(3);
  });

  it('should keep the target up whatever a namespace holds, and leave out a namespace it cannot read', async () => {
    expect(await value(`up{job="merged"}`)).to.equal(1);
    expect(await value(`instrumentor_namespace_up{job="merged",namespace="${broken}"}`)).to.equal(0);
    expect(await value(`instrumentor_namespace_up{job="merged",namespace="${hostile}"}`)).to.equal(1);
    expect(await value(`e2e_hostile_x_total{job="merged",namespace="${hostile}"}`)).to.equal(3);
    expect(await value(`e2e_hostile_rpc_bucket{job="merged",namespace="${hostile}",s="a",le="+Inf"}`)).to.equal(1);
    expect(await query(`e2e_hostile_rpc_bucket{job="merged",namespace="${hostile}",s="a",le="2"}`)).to.deep.equal([]);
    // e2e_hostile_rpc_count is the histogram's (one series per s), not the gauge's, which clashes with it
    expect(await value(`e2e_hostile_rpc_count{job="merged",namespace="${hostile}",s="b"}`)).to.equal(1);
    expect(await query(`e2e_hostile_rpc_count{job="merged",namespace="${hostile}",s=""}`)).to.deep.equal([]);
    expect(await value(`instrumentor_skipped_fields_total{job="merged",namespace="${hostile}",reason="reserved-label-name"}`)).to.be.at.least(2);
    expect(await value(`instrumentor_skipped_fields_total{job="merged",namespace="${hostile}",reason="name-collision"}`)).to.be.at.least(2);
    // OpenMetrics has no negative quantiles: the summary's median of -1.01 is left out
    expect(await query(`e2e_hostile_skew{job="merged",namespace="${hostile}"}`)).to.deep.equal([]);
  });

  it('should serve output that promtool accepts in both formats', async function () {
    const text = await get(`http://127.0.0.1:${serverPort}/metrics`);
    expect(text.headers['content-type']).to.contain('version=0.0.4');
    const textCheck = promtoolCheck(this, text.text);
    // the one complaint is about a name chosen on purpose: the counter e2e_jobs lacks the _total suffix
    expect(textCheck, textCheck.output).to.deep.equal({ status: 3, output: 'e2e_jobs counter metrics should have "_total" suffix\n' });
    const oneNamespace = promtoolCheck(this, (await get(`http://127.0.0.1:${serverPort}/metrics/${shop}`)).text.replace(/^.*e2e_jobs.*\n/gm, ''));
    expect(oneNamespace, oneNamespace.output).to.deep.equal({ status: 0, output: '' });

    const om = await get(`http://127.0.0.1:${serverPort}/metrics`, { Accept: PROMETHEUS_ACCEPT });
    expect(om.headers['content-type']).to.contain('application/openmetrics-text');
    expect(om.text.endsWith('# EOF\n')).to.equal(true);
    await expectParses(this, om.text);
    const omCheck = promtoolCheck(this, om.text);
    // promtool 2.42 reads its input as the text format: OpenMetrics parses (no status 1), and the only complaints are
    // that counter samples (`x_total` under `# TYPE x counter`) carry no help text, as the text format reads them
    expect(omCheck.status, omCheck.output).to.be.oneOf([0, 3]);
    const complaints = omCheck.output.split('\n').filter((l) => l !== '');
    for (const c of complaints) expect(c).to.match(/^(e2e_(orders|jobs|hostile_x)|instrumentor_skipped_fields)_total no help text$/);
  });
});
