import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useNamespace, useSpecRedis } from '../support/redis';

const ROOT = path.resolve(__dirname, '../..');

/** A folder outside the checkout in which `instrumentor` resolves to the checkout, as after `npm install <checkout>`. */
function consumerDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-consumer-'));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(ROOT, path.join(dir, 'node_modules', 'instrumentor'), 'dir');
  return dir;
}

describe('the built package', function () {
  this.timeout(30_000);
  const ctx = useNamespace('package');
  let dir: string;

  before(function () {
    if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) this.skip(); // `npm test` builds before the specs
    dir = consumerDir();
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should run the README quickstart as written', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const code = /## Quickstart[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)![1];
    const expected = /It prints[\s\S]*?```\n([\s\S]*?)```/.exec(readme)![1];
    writeFileSync(path.join(dir, 'quickstart.js'), useSpecRedis(code.replaceAll("'quickstart'", `'${ctx.namespace}'`)));
    const out = execFileSync(process.execPath, ['quickstart.js'], { cwd: dir, encoding: 'utf8' });
    expect(out).to.equal(expected + '\n');
  });

  it('should load by name with require() and with import, with type declarations', () => {
    writeFileSync(
      path.join(dir, 'esm.mjs'),
      "import { Counter, CollectorRegistry } from 'instrumentor';\nconsole.log(typeof Counter, typeof CollectorRegistry);\n",
    );
    expect(execFileSync(process.execPath, ['esm.mjs'], { cwd: dir, encoding: 'utf8' })).to.equal('function function\n');
    const cjs = "const { Counter, ExpositionClient } = require('instrumentor'); console.log(typeof Counter, typeof ExpositionClient);";
    expect(execFileSync(process.execPath, ['-e', cjs], { cwd: dir, encoding: 'utf8' })).to.equal('function function\n');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(existsSync(path.join(ROOT, pkg.types))).to.equal(true);
  });

  it('should ship the flush script next to the built store and load it from there', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
    expect(files).to.include('dist/store/flush.lua');
    const built = path.join(ROOT, 'dist', 'store', 'flush.lua');
    expect(readFileSync(built, 'utf8')).to.equal(readFileSync(path.join(ROOT, 'lib', 'store', 'flush.lua'), 'utf8'));
    const module = path.join(dir, 'node_modules', 'instrumentor', 'dist', 'store', 'flushScript.js');
    const loaded = `const { FLUSH_SCRIPT } = require(${JSON.stringify(module)}); process.stdout.write(FLUSH_SCRIPT);`;
    expect(execFileSync(process.execPath, ['-e', loaded], { cwd: dir, encoding: 'utf8' })).to.equal(readFileSync(built, 'utf8'));
  });

  it('should ship metrics.proto next to the built protobuf renderer and load it from there', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
    expect(files).to.include('dist/exposition/render/metrics.proto');
    const built = path.join(ROOT, 'dist', 'exposition', 'render', 'metrics.proto');
    expect(readFileSync(built, 'utf8')).to.equal(readFileSync(path.join(ROOT, 'lib', 'exposition', 'render', 'metrics.proto'), 'utf8'));
    const module = path.join(dir, 'node_modules', 'instrumentor', 'dist', 'format.js');
    const loaded = `const { renderProtobuf } = require(${JSON.stringify(module)}); process.stdout.write(String(renderProtobuf([{ name: 'g', help: '', type: 'gauge', series: [] }]).length));`;
    expect(execFileSync(process.execPath, ['-e', loaded], { cwd: dir, encoding: 'utf8' })).to.equal('6');
  });
});

describe('README examples', function () {
  this.timeout(60_000);
  const ctx = useNamespace('readme');
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) =>
    m[1].replaceAll("from 'instrumentor'", `from ${JSON.stringify(path.join(ROOT, 'lib', 'index'))}`),
  );
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-readme-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('should type-check every TypeScript example under strict settings', () => {
    expect(blocks.length).to.be.greaterThan(2);
    const files = blocks.map((code, i) => {
      const file = path.join(dir, `example${i}.ts`);
      writeFileSync(file, `export {};\n${code}`);
      return file;
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript') as typeof import('typescript');
    const program = ts.createProgram(files, {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      noEmit: true,
      skipLibCheck: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).to.deep.equal([]);
  });

  it('should run the decorator example', () => {
    const code = blocks.find((b) => b.includes('registerInstrumented'))!;
    const file = path.join(dir, 'decorators.ts');
    writeFileSync(file, useSpecRedis(code.replaceAll("'shop'", `'${ctx.namespace}'`)));
    const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', file], { cwd: ROOT, encoding: 'utf8' });
    expect(out).to.equal('42\n');
  });
});
