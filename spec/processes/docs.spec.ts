import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { deleteNamespace, REDIS_URL, uniqueNamespace, useSpecRedis } from '../support/redis';

/** run runs an example as an ES module of its own (top-level await), from the sources, and resolves to how it ended and what it printed. */
function run(code: string, namespace: string): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-processes-doc-'));
  const file = path.join(dir, 'example.mts');
  const source = useSpecRedis(
    code
      .replace(/from 'instrumentor'/g, `from ${JSON.stringify(path.resolve('lib/index.ts'))}`)
      .replace(/namespace: 'shop'/g, `namespace: '${namespace}'`)
      .replace('`processes-doc-${process.pid}`', `'${namespace}'`),
  );
  writeFileSync(file, source);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: exitCode, output });
    });
  });
}

describe('docs/processes.md examples (real processes, real Redis)', function () {
  this.timeout(60_000);
  const doc = readFileSync(path.resolve('docs/processes.md'), 'utf8');
  const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const redis = new Redis(REDIS_URL);
  after(() => redis.quit());

  it('should run the example of "An example" and print what the doc says', async () => {
    const example = blocks.find((b) => b.includes('processLabel'))!;
    const printed = /It prints:\n\n```text\n([\s\S]*?)```/.exec(doc)![1];
    const namespace = uniqueNamespace('processes-doc');
    try {
      const end = await run(example, namespace);
      expect(end.output).to.equal(printed);
      expect(end.code).to.equal(0);
    } finally {
      await deleteNamespace(redis, namespace);
    }
  });

  it('should run the runtime metrics example, which ends by itself', async () => {
    const example = blocks.find((b) => b.includes('collectDefaultMetrics'))!;
    const namespace = uniqueNamespace('processes-doc');
    try {
      const end = await run(example, namespace);
      expect(end.output).to.equal('');
      expect(end.code).to.equal(0);
    } finally {
      await deleteNamespace(redis, namespace);
    }
  });
});
