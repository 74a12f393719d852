import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '..', '..');

/** runQuickBench runs the benchmark harness in quick mode in its own process and resolves to its exit code and output. */
function runQuickBench(outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench', 'run.ts')], {
      cwd: ROOT,
      env: { ...process.env, BENCH_QUICK: '1', BENCH_OUT: outDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // The quick run starts about twenty processes (the scrape at scale, the many-process scrape, the event loop
    // while serving, the shards); on a busy 2-core machine it took three minutes.
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('bench (quick mode)', function () {
  this.timeout(250_000);
  let outDir = '';

  before(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instrumentor-bench-spec-'));
  });

  after(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('should measure every row, write results.json and chart.svg, and find exact totals in Redis', async () => {
    const { code, output } = await runQuickBench(outDir);
    expect(code, output).to.equal(0);
    const results = JSON.parse(fs.readFileSync(path.join(outDir, 'results.json'), 'utf8'));
    const ids = results.rows.map((r: { id: string }) => r.id);
    expect(ids).to.include.members(['counter_inc', 'bound_inc', 'histogram_observe', 'native_observe', 'native_and_classic_observe', 'summary_observe', 'memory_counter', 'memory_histogram', 'memory_summary', 'flush', 'flush_small', 'flush_redis_cpu', 'flush_event_loop', 'flush_cpu_block', 'flush_sliced_total', 'scrape_10k', 'scrape_large', 'scrape_linear', 'scrape_100k', 'scrape_1m', 'scrape_histogram', 'scrape_summary', 'scrape_cluster_2', 'scrape_loop_block', 'scrape_loop_cpu_block', 'multiprocess_share']);
    for (const row of results.rows) expect(row.ours, row.id).to.be.a('number').and.satisfy(Number.isFinite);
    expect(results.details.multiprocess.exact).to.equal(true);
    expect(results.details.multiprocess.actualJobs).to.equal(results.details.multiprocess.expectedJobs);
    expect(results.details.flush.checkValue).to.equal(results.details.flush.expectedCheckValue);
    expect(results.details.scrape.scrape.oursSampleLines).to.equal(results.details.scrape.scrape.promClientSampleLines);
    expect(results.details.scrape.large.renderedSamples).to.equal(results.details.scrape.large.fields - 2); // all but the type and help fields
    expect(fs.readFileSync(path.join(outDir, 'chart.svg'), 'utf8')).to.match(/^<svg [^>]*>/);
    expect(output).to.match(/labelled counter\.inc/);
  });
});
