// @ts-nocheck
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { namespaceKeys, uniqueNamespace, useNamespace, useSpecRedis } from '../support/redis';

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs', 'instrumenting.md');

interface Example {
  /** The heading the example sits under. */
  section: string;
  code: string;
  /** What the doc says it prints. */
  prints: string | undefined;
  experimental: boolean;
}

/** examples reads every complete program (a ```ts block importing 'instrumentor') of the doc, with the output it shows. */
function examples(): Example[] {
  const doc = readFileSync(DOC, 'utf8');
  const out: Example[] = [];
  const block = /^## (.*)$|^```ts\n([\s\S]*?)^```\n(?:\nIt prints:\n\n```text\n([\s\S]*?)^```)?/gm;
  let section = '';
  for (const m of doc.matchAll(block)) {
    if (m[1] !== undefined) {
      section = m[1];
      continue;
    }
    if (!m[2].includes("from 'instrumentor'")) continue;
    out.push({ section, code: m[2], prints: m[3], experimental: m[2].includes('"experimentalDecorators": true') });
  }
  return out;
}

/**
 * program turns an example into a CommonJS TypeScript file: the library
 * imported from the checkout, its namespace made unique, the Redis the specs
 * use, and the top-level code (which uses top-level await) wrapped in an
 * async function.
 */
function program(example: Example, namespace: string): string {
  const lines = useSpecRedis(example.code.replaceAll("from 'instrumentor'", `from ${JSON.stringify(join(ROOT, 'lib', 'index'))}`).replaceAll("'shop'", `'${namespace}'`)).split('\n');
  const imports = lines.filter((l) => l.startsWith('import '));
  const body = lines.filter((l) => !l.startsWith('import '));
  return `${imports.join('\n')}\n\nasync function main(): Promise<void> {\n${body.join('\n')}\n}\n\nmain().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});\n`;
}

describe('docs/instrumenting.md', function () {
  this.timeout(60_000);
  const ctx = useNamespace('docs');
  const all = examples();
  let dir: string;
  const namespaces: string[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'instrumentor-docs-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterEach(async () => {
    for (const ns of namespaces.splice(0)) await ctx.redis.del(...namespaceKeys(ns));
  });
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('should have examples for every form', () => {
    const code = all.map((e) => e.code).join('\n');
    for (const form of ['.count', '.time', '.track', '@count(', '@time(', 'timer(', 'timed(', 'counted(', 'tracked(', 'milliseconds: true', 'outcomeLabel', 'labelsAtEnd', 'using ']) {
      expect(code, form).to.contain(form);
    }
    expect(all.filter((e) => e.experimental)).to.have.length(1);
  });

  it('should type-check every standard-decorator example as written', () => {
    const files = all
      .filter((e) => !e.experimental)
      .map((e, i) => {
        const file = join(dir, `check${i}.ts`);
        writeFileSync(file, program(e, 'check'));
        return file;
      });
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
      types: ['node'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
    };
    const checked = ts.createProgram(files, options);
    const diagnostics = files.flatMap((f) =>
      ts.getPreEmitDiagnostics(checked, checked.getSourceFile(f)).map((d) => `${f}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
    );
    expect(diagnostics).to.deep.equal([]);
  });

  for (const [i, example] of all.entries()) {
    it(`should run the example #${i + 1} of "${example.section}" and print what the doc says`, () => {
      const namespace = uniqueNamespace('docs');
      namespaces.push(namespace);
      const sub = join(dir, `run${i}`);
      const file = `${sub}.ts`;
      writeFileSync(file, program(example, namespace));
      // tsx compiles with the tsconfig.json of its working directory
      const tsconfig = example.experimental ? { experimentalDecorators: true, emitDecoratorMetadata: true } : {};
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', ...tsconfig } }));
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      expect(run.stderr).to.equal('');
      expect(run.status).to.equal(0);
      expect(example.prints, 'the doc shows the output').to.be.a('string');
      expect(run.stdout).to.equal(example.prints);
    });
  }
});
