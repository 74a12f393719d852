import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import Redis from 'ioredis';
import { nativeIndex, upperBound } from '../../lib/sketch/nativeMapping';
import { needPrograms } from '../support/binaries';
import { exited, stopped } from '../support/processes';
import { namespaceKeys, REDIS_URL, uniqueNamespace } from '../support/redis';
import { freePort, get, until } from '../server/helpers';
import { CLASSIC_BOUNDS, latencies } from './nativeData';

const ROOT = join(__dirname, '..', '..');
const WORKERS = 3;

/** run starts a TS file of this project as its own process, through tsx. */
function run(file: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, file), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}


/** A Prometheus of the spec's own, scraping the exposition server every second. */
class OwnPrometheus {
  process: ChildProcess | undefined;
  port = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly flags: string[],
  ) {}

  async start(target: string): Promise<void> {
    this.port = await freePort();
    const config = join(this.dir, `${this.name}.yml`);
    writeFileSync(config, [
      'global:', '  scrape_interval: 1s', '  scrape_timeout: 1s',
      'scrape_configs:', `  - job_name: ${this.name}`, '    static_configs:', `      - targets: ['${target}']`, '',
    ].join('\n'));
    this.process = spawn('prometheus', [
      `--config.file=${config}`, `--storage.tsdb.path=${join(this.dir, this.name)}`,
      `--web.listen-address=127.0.0.1:${this.port}`, '--log.level=warn', ...this.flags,
    ], { stdio: 'ignore' });
    const spawnFailed = new Promise<never>((_, reject) => this.process!.once('error', reject));
    spawnFailed.catch(() => undefined);
    await Promise.race([spawnFailed, until(async () => (await get(`http://127.0.0.1:${this.port}/-/ready`)).status === 200, 30_000, `${this.name} Prometheus to be ready`)]);
  }

  /** value waits until `promql` has a result and returns its one value. */
  async value(promql: string): Promise<number> {
    let result: Array<{ value: [number, string] }> = [];
    await until(async () => {
      const res = await get(`http://127.0.0.1:${this.port}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = JSON.parse(res.text);
      if (body.status !== 'success') throw new Error(`query ${promql} failed: ${res.text}`);
      result = body.data.result;
      return result.length > 0;
    }, 30_000, `${this.name} Prometheus to have ${promql}`);
    expect(result, promql).to.have.length(1);
    return Number(result[0].value[1]);
  }
}

/** exactQuantile is the value of rank ceil(q × n) among the sorted values. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

describe('end to end: native histograms of three processes, scraped by a real Prometheus', function () {
  this.timeout(120_000);
  let redis: Redis | undefined;
  let namespace: string;
  let dir: string | undefined;
  let server: ChildProcess | undefined;
  let native: OwnPrometheus;
  let classic: OwnPrometheus;
  const values = latencies();
  const sorted = [...values].sort((a, b) => a - b);

  before(async function () {
    needPrograms(this, 'prometheus');
    redis = new Redis(REDIS_URL);
    namespace = uniqueNamespace('e2e-native');
    dir = mkdtempSync(join(tmpdir(), 'instrumentor-native-'));
    const workers = Array.from({ length: WORKERS }, (_, i) => run('spec/e2e/nativeWorker.ts', [namespace, REDIS_URL, String(i), String(WORKERS)]));
    expect(await Promise.all(workers.map(exited))).to.deep.equal(Array(WORKERS).fill(0));

    const port = await freePort();
    server = run('lib/cli/main.ts', ['serve', '--redis', REDIS_URL, '-n', namespace, '--port', String(port), '--host', '127.0.0.1']);
    let log = '';
    server.stdout!.on('data', (d) => (log += d));
    await until(() => log.includes('msg=listening'), 20_000, 'the exposition server to listen');

    const target = `127.0.0.1:${port}`;
    native = new OwnPrometheus(dir, 'native', ['--enable-feature=native-histograms']);
    classic = new OwnPrometheus(dir, 'classic', []);
    await Promise.all([native.start(target), classic.start(target)]);
  });

  after(async () => {
    await Promise.all([stopped(native?.process), stopped(classic?.process)]);
    await stopped(server);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    if (redis === undefined) return;
    await redis.del(...namespaceKeys(namespace));
    await redis.quit();
  });

  it('should give a Prometheus with native histograms the count and sum of every process, and quantiles within a bucket of the exact ones', async () => {
    const series = `e2e_latency_seconds{job="native",namespace="${namespace}"}`;
    expect(await native.value(`histogram_count(${series})`)).to.equal(values.length);
    expect(await native.value(`histogram_sum(${series})`)).to.be.closeTo(values.reduce((a, b) => a + b, 0), 1e-9 * values.length);
    for (const q of [0.5, 0.99]) {
      const exact = exactQuantile(sorted, q);
      const i = nativeIndex(3, exact);
      const width = upperBound(3, i) - upperBound(3, i - 1);
      const estimate = await native.value(`histogram_quantile(${q}, ${series})`);
      expect(Math.abs(estimate - exact), `q=${q}: exact ${exact}, Prometheus ${estimate}, bucket width ${width}`).to.be.at.most(width);
    }
  });

  it('should give a Prometheus without native histograms the classic buckets of the same target', async () => {
    const labels = `job="classic",namespace="${namespace}"`;
    expect(await classic.value(`e2e_latency_seconds_count{${labels}}`)).to.equal(values.length);
    for (const le of CLASSIC_BOUNDS) {
      expect(await classic.value(`e2e_latency_seconds_bucket{${labels},le="${le}"}`), `le=${le}`).to.equal(values.filter((v) => v <= le).length);
    }
    expect(await classic.value(`e2e_latency_seconds_bucket{${labels},le="+Inf"}`)).to.equal(values.length);
  });
});
