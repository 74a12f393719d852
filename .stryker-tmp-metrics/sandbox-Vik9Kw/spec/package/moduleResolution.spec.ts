// @ts-nocheck
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** What a project imports from every entry of the package, with a use of each that type-checks only with the real declarations. */
const CONSUMER = `import { CollectorRegistry, Counter } from 'instrumentor';
import { formatNumber } from 'instrumentor/format';
import { expressMetrics, metricsRoute } from 'instrumentor/express';
import { fastifyMetrics } from 'instrumentor/fastify';
import { koaMetrics } from 'instrumentor/koa';
import { InstrumentorModule } from 'instrumentor/nest';
import { instrumentWorker } from 'instrumentor/bullmq';

const registry = new CollectorRegistry({ redis: 'redis://127.0.0.1:6379', namespace: 'shop' });
const runs: Counter<'step'> = registry.register(new Counter({ name: 'runs_total', description: 'Runs', allowedLabels: ['step'] }));
runs.inc({ step: 'a' }, 2);
const text: string = formatNumber(1.5);
export const used = [text, expressMetrics, metricsRoute, fastifyMetrics, koaMetrics, InstrumentorModule, instrumentWorker];
`;

/** The module settings of the projects users have: CommonJS with node10 (tsc --init before 5.x, NestJS 10), node16, nodenext, bundler. */
const SETTINGS: Array<[string, ts.CompilerOptions]> = [
  ['node10 (module commonjs)', { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }],
  ['node16', { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
  ['nodenext', { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }],
  ['bundler (module esnext)', { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
];

describe('the package types under each moduleResolution (fixture projects compiled by tsc)', function () {
  this.timeout(60_000);
  let dir: string;

  before(function () {
    if (!existsSync(path.join(ROOT, 'dist', 'integrations', 'express.d.ts'))) this.skip(); // `npm test` builds before the specs
    dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-types-'));
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(ROOT, path.join(dir, 'node_modules', 'instrumentor'), 'dir');
    writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER);
  });
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, settings] of SETTINGS) {
    it(`resolves every entry under ${name}`, () => {
      const options: ts.CompilerOptions = {
        ...settings,
        target: ts.ScriptTarget.ES2022,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        esModuleInterop: true,
        types: [],
        typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      };
      const program = ts.createProgram([path.join(dir, 'consumer.ts')], { ...options, types: ['node'] });
      const diagnostics = ts.getPreEmitDiagnostics(program);
      const text = ts.formatDiagnostics(diagnostics, { getCurrentDirectory: () => dir, getNewLine: () => '\n', getCanonicalFileName: (f) => f });
      expect(text).to.equal('');
    });
  }
});
