// @ts-nocheck
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import ts from 'typescript';

/** The compiler options NestJS applications use: legacy decorators with emitted metadata. */
export const LEGACY_DECORATOR_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
  types: ['node'],
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  sourceMap: false,
  inlineSourceMap: false,
};

/**
 * compileLegacy type-checks and compiles one TypeScript file with legacy
 * decorators (its `// @ts-nocheck` line, there for the root typecheck, is
 * dropped first) and loads it as a CommonJS module at its own path, so that
 * its relative imports resolve as written. Throws with the diagnostics when
 * the file does not compile.
 */
export function compileLegacy<T>(file: string): T {
  const source = readFileSync(file, 'utf8').replace(/^\/\/ @ts-nocheck.*$/m, '');
  const host = ts.createCompilerHost(LEGACY_DECORATOR_OPTIONS);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) =>
    name === file ? ts.createSourceFile(name, source, version, true) : getSourceFile(name, version, onError, create);
  const program = ts.createProgram([file], LEGACY_DECORATOR_OPTIONS, host);
  const sourceFile = program.getSourceFile(file)!;
  const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, { ...host, getNewLine: () => '\n', getCanonicalFileName: (f) => f }));
  }
  let js = '';
  program.emit(sourceFile, (name, text) => {
    if (name.endsWith('.js')) js = text;
  });
  const m = new Module(file, module) as Module & { _compile(code: string, filename: string): void };
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  m._compile(js, file);
  return m.exports as T;
}
