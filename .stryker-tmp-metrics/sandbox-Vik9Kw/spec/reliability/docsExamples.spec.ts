// @ts-nocheck
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { namespaceKeys, REDIS_URL, uniqueNamespace, useSpecRedis } from '../support/redis';

// The examples of docs/reliability.md run as written, with three changes: they
// import the sources instead of the built package, write to a namespace of
// their own instead of "shop", and use the Redis the specs use.
describe('docs/reliability.md examples (real processes, real Redis)', function () {
  this.timeout(60_000);
  const doc = readFileSync(path.resolve('docs/reliability.md'), 'utf8');
  const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const redis = new Redis(REDIS_URL);
  after(() => redis.quit());

  it('should have examples', () => {
    expect(blocks.length).to.be.greaterThan(3);
  });

  blocks.forEach((code, i) => {
    it(`example ${i + 1} should run and end by itself, or on SIGTERM`, async () => {
      const namespace = uniqueNamespace('docs');
      const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-doc-'));
      const file = path.join(dir, `example-${i + 1}.ts`);
      writeFileSync(
        file,
        useSpecRedis(code.replace(/from 'instrumentor'/g, `from ${JSON.stringify(path.resolve('lib'))}`).replace(/namespace: 'shop'/g, `namespace: '${namespace}'`)),
      );
      try {
        const end = await new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => {
          const child = spawn(process.execPath, ['--require', 'tsx/cjs', file], { stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          child.stdout.on('data', (d) => (output += d));
          child.stderr.on('data', (d) => (output += d));
          const timer = setTimeout(() => child.kill('SIGTERM'), 3000); // a long-running example
          child.on('exit', (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal, output });
          });
        });
        expect(end.code === 0 || end.signal === 'SIGTERM', end.output).to.equal(true);
        expect(end.output).not.to.match(/error|unhandled/i);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await redis.del(...namespaceKeys(namespace));
      }
    });
  });
});
