// @ts-nocheck
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { LEGACY_DECORATOR_OPTIONS } from './nest/compileLegacy';

const ROOT = join(__dirname, '..', '..');

/** The package's entry points, mapped to their sources, as a user of the package imports them. */
const PATHS: Record<string, string[]> = {
  instrumentor: ['lib/index.ts'],
  'instrumentor/express': ['lib/integrations/express.ts'],
  'instrumentor/fastify': ['lib/integrations/fastify.ts'],
  'instrumentor/koa': ['lib/integrations/koa.ts'],
  'instrumentor/nest': ['lib/integrations/nest/index.ts'],
  'instrumentor/bullmq': ['lib/integrations/bullmq.ts'],
};

describe('docs/integrations.md', function () {
  this.timeout(60_000);

  it('should have examples that type-check as written (strict, with the legacy decorators Nest uses)', () => {
    const markdown = readFileSync(join(ROOT, 'docs', 'integrations.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).to.be.at.least(6);
    const files = new Map(blocks.map((code, i) => [join(ROOT, 'spec', 'integrations', `docs-example-${i + 1}.ts`), code]));
    const options: ts.CompilerOptions = { ...LEGACY_DECORATOR_OPTIONS, noEmit: true, baseUrl: ROOT, paths: PATHS };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (name) => files.get(name) ?? readFile(name);
    host.fileExists = (name) => files.has(name) || fileExists(name);
    host.getSourceFile = (name, version, onError, create) => {
      const code = files.get(name);
      return code !== undefined ? ts.createSourceFile(name, code, version, true) : getSourceFile(name, version, onError, create);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const diagnostics = [...files.keys()].flatMap((name) => {
      const sf = program.getSourceFile(name)!;
      return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    });
    const text = ts.formatDiagnostics(diagnostics, { ...host, getNewLine: () => '\n', getCanonicalFileName: (f) => f });
    expect(text).to.equal('');
  });
});
