import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { namespaceKeys, readHash, uniqueNamespace, useNamespace, useSpecRedis } from '../support/redis';

const ROOT = resolve(__dirname, '../..');

/** The TypeScript examples of the README that are whole programs (they import from 'instrumentor'), with the heading above each. */
function examples(): Array<{ section: string; code: string }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const out: Array<{ section: string; code: string }> = [];
  let section = '';
  for (const m of readme.matchAll(/^## (.*)$|^```ts\n([\s\S]*?)^```\n/gm)) {
    if (m[1] !== undefined) section = m[1];
    else if (m[2].includes("from 'instrumentor'")) out.push({ section, code: m[2] });
  }
  return out;
}

/** program makes an example a CommonJS file: the sources imported, its namespace unique, the specs' Redis, top-level code in an async function. */
function program(code: string, namespace: string): string {
  const lines = useSpecRedis(code.replaceAll("from 'instrumentor'", `from ${JSON.stringify(join(ROOT, 'lib', 'index'))}`).replaceAll("'shop'", `'${namespace}'`)).split('\n');
  const imports = lines.filter((l) => l.startsWith('import '));
  const body = lines.filter((l) => !l.startsWith('import '));
  return `${imports.join('\n')}\n\nasync function example(): Promise<void> {\n${body.join('\n')}\n}\n\nexample().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});\n`;
}

describe('README.md examples (real Redis)', function () {
  this.timeout(60_000);
  const ctx = useNamespace('readme');
  const all = examples();
  let dir: string;
  const namespaces: string[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'instrumentor-readme-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022' } }));
  });
  afterEach(async () => {
    for (const ns of namespaces.splice(0)) await ctx.redis.del(...namespaceKeys(ns));
  });
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('has the recording, decorator and summary examples', () => {
    expect(all.map((e) => e.section)).to.include.members(['Recording', 'Instrumenting with decorators', 'Summaries: quantiles across every process']);
  });

  it('type-checks every example as written (strict, standard decorators, using)', () => {
    const files = all.map((e, i) => {
      const file = join(dir, `check${i}.ts`);
      writeFileSync(file, program(e.code, 'check'));
      return file;
    });
    const checked = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
    });
    const diagnostics = files.flatMap((f) => ts.getPreEmitDiagnostics(checked, checked.getSourceFile(f)).map((d) => `${f}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`));
    expect(diagnostics).to.deep.equal([]);
  });

  for (const [i, example] of all.entries()) {
    it(`runs the example of "${example.section}" without a warning, and its metrics reach Redis`, async () => {
      const namespace = uniqueNamespace('readme');
      namespaces.push(namespace);
      const file = join(dir, `run${i}.ts`);
      writeFileSync(file, program(example.code, namespace));
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      expect(run.stderr, 'no warning (every metric is registered)').to.equal('');
      expect(run.status).to.equal(0);
      expect(Object.keys(await readHash(ctx.redis, namespace)).length).to.be.greaterThan(0);
    });
  }
});
