/**
 * The API report: the public surface of every package entry, recorded with
 * API Extractor in api/<name>.api.md from the built declarations (dist/), so
 * that it changes only on purpose. `npm run api:update` rebuilds and writes
 * the reports; spec/package/api.spec.ts checks that they are up to date.
 */
// @ts-nocheck

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';

const ROOT = path.resolve(__dirname, '..');
const CONFIG = path.join(__dirname, 'api-extractor.json');

/** The package entries (package.json "exports") and the report of each. */
export const ENTRIES: ReadonlyArray<{ readonly report: string; readonly dts: string }> = [
  { report: 'instrumentor', dts: 'index.d.ts' },
  { report: 'instrumentor-format', dts: 'format.d.ts' },
  { report: 'instrumentor-express', dts: 'integrations/express.d.ts' },
  { report: 'instrumentor-fastify', dts: 'integrations/fastify.d.ts' },
  { report: 'instrumentor-koa', dts: 'integrations/koa.d.ts' },
  { report: 'instrumentor-nest', dts: 'integrations/nest/index.d.ts' },
  { report: 'instrumentor-bullmq', dts: 'integrations/bullmq.d.ts' },
];

/** The outcome for one entry: whether its surface differs from the report checked in, and the problems API Extractor found. */
export interface ReportResult {
  readonly report: string;
  readonly changed: boolean;
  readonly problems: string[];
}

/**
 * apiReports runs API Extractor on every entry, from the declarations in
 * `declarations` (dist/ by default: build first). With `update`, it writes
 * the reports in api/; otherwise it leaves them alone and says which differ.
 */
export function apiReports(update: boolean, declarations = path.join(ROOT, 'dist')): ReportResult[] {
  const temp = mkdtempSync(path.join(tmpdir(), 'instrumentor-api-'));
  try {
    const entryPoints = ENTRIES.map((e) => path.join(declarations, e.dts));
    let compilerState: CompilerState | undefined;
    return ENTRIES.map((entry, i) => {
      const configObject = ExtractorConfig.loadFile(CONFIG);
      configObject.mainEntryPointFilePath = entryPoints[i];
      configObject.apiReport = { ...configObject.apiReport!, reportFileName: entry.report, reportTempFolder: temp };
      const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: CONFIG, packageJsonFullPath: path.join(ROOT, 'package.json') });
      compilerState ??= CompilerState.create(config, { additionalEntryPoints: entryPoints });
      const problems: string[] = [];
      const result = Extractor.invoke(config, {
        localBuild: update,
        compilerState,
        messageCallback: (message) => {
          const reportsOnly = message.category === 'console' && message.messageId.startsWith('console-api-report');
          if (!reportsOnly && (message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning)) {
            problems.push(message.formatMessageWithLocation(ROOT));
          }
          message.handled = true;
        },
      });
      return { report: entry.report, changed: result.apiReportChanged, problems };
    });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const update = process.argv.includes('--update');
  const results = apiReports(update);
  for (const r of results) {
    for (const p of r.problems) console.error(p);
    if (r.changed) console.log(`${update ? 'updated' : 'differs from the surface'}: api/${r.report}.api.md`);
  }
  if (!update && results.some((r) => r.changed)) {
    console.error('The public API changed. If that is on purpose, run `npm run api:update` and commit the reports.');
    process.exitCode = 1;
  }
}
