import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { killed, running } from '../support/processes';
import { REDIS_URL, useNamespace } from '../support/redis';

const ROOT = join(__dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'migrating-from-prom-client.md'), 'utf8');

describe('docs/migrating-from-prom-client.md', function () {
  this.timeout(60_000);
  const ctx = useNamespace('migrate');
  let dir: string | undefined;
  let child: ChildProcess | undefined;

  after(async () => {
    if (child !== undefined && running(child)) await killed(child);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('maps every prom-client call and option the guide promises', () => {
    for (const term of ['help', 'labelNames', 'startTimer', 'collectDefaultMetrics', 'register.metrics()', 'AggregatorRegistry', 'linearBuckets', 'exponentialBuckets', 'setToCurrentTime', 'getSingleMetric', 'Pushgateway', 'setDefaultLabels', 'percentiles']) {
      expect(DOC, term).to.contain(term);
    }
  });

  it('runs the "after" Express app as written: it records an order and serves it on /metrics', async () => {
    const namespace = ctx.namespace;
    const code = /After, with Instrumentor[\s\S]*?```ts\n([\s\S]*?)```/.exec(DOC)![1];
    dir = mkdtempSync(join(tmpdir(), 'instrumentor-migrate-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const file = join(dir, 'after.ts');
    writeFileSync(
      file,
      code
        .replaceAll("from 'instrumentor'", `from ${JSON.stringify(join(ROOT, 'lib', 'index'))}`)
        .replaceAll("from 'instrumentor/express'", `from ${JSON.stringify(join(ROOT, 'lib', 'integrations', 'express'))}`)
        .replaceAll("namespace: 'shop'", `namespace: '${namespace}'`),
    );
    // it type-checks as written (strict)
    const program = ts.createProgram([file], { strict: true, noEmit: true, esModuleInterop: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file);
    expect(ts.formatDiagnostics(diagnostics, { getCurrentDirectory: () => dir!, getNewLine: () => '\n', getCanonicalFileName: (f) => f })).to.equal('');

    child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, PORT: '0', REDIS_URL }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        const m = /listening on (\S+)/.exec(output);
        if (m !== null) resolve(m[1]);
      });
      child!.once('exit', () => reject(new Error(`the example ended early: ${output}`)));
    });
    expect((await fetch(`${url}/orders`, { method: 'POST' })).status).to.equal(201);
    let text = '';
    for (let i = 0; i < 100 && !text.includes('orders_placed_total{channel="web"} 1'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      text = await (await fetch(`${url}/metrics/${namespace}`)).text();
    }
    expect(text).to.contain('orders_placed_total{channel="web"} 1');
    expect(text).to.contain('http_requests_total{method="POST",route="/orders",status="201"} 1');
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (c) => resolve(c)));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
  });
});
