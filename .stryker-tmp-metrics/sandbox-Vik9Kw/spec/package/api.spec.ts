// @ts-nocheck
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { apiReports } from '../../api/report';
import * as format from '../../lib/format';
import * as main from '../../lib/index';

const ROOT = path.resolve(__dirname, '../..');

/** newest returns the latest modification time of the files below `dir` whose names end in `ext`. */
function newest(dir: string, ext: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

describe('the public API', function () {
  this.timeout(180_000);
  let declarations: string;
  let temp: string | undefined;

  before(() => {
    // the declarations of the sources as they are: dist/ when the build is up to date (`npm test` builds first), or made now
    let built = 0;
    try {
      built = statSync(path.join(ROOT, 'dist', 'index.d.ts')).mtimeMs;
    } catch {
      // not built
    }
    if (built >= newest(path.join(ROOT, 'lib'), '.ts')) {
      declarations = path.join(ROOT, 'dist');
      return;
    }
    temp = mkdtempSync(path.join(tmpdir(), 'instrumentor-dts-'));
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--outDir', temp], {
      cwd: ROOT,
    });
    declarations = temp;
  });
  after(() => {
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  });

  it('should be what the API reports in api/ record (after a change made on purpose, `npm run api:update`)', () => {
    const results = apiReports(false, declarations);
    expect(results.flatMap((r) => r.problems)).to.deep.equal([]);
    expect(results.filter((r) => r.changed).map((r) => `api/${r.report}.api.md`)).to.deep.equal([]);
  });

  it('should keep members marked @internal out of the declarations', () => {
    const metric = readFileSync(path.join(declarations, 'metrics', 'Metric.d.ts'), 'utf8');
    const counter = readFileSync(path.join(declarations, 'metrics', 'Counter.d.ts'), 'utf8');
    const registry = readFileSync(path.join(declarations, 'registry', 'CollectorRegistry.d.ts'), 'utf8');
    for (const internal of ['_dirty', '_owner', '_drain', '_describe', '_initialize', 'drainedIn', 'markDirty', 'MetricOwner']) {
      expect(metric, internal).not.to.contain(internal);
    }
    expect(counter).not.to.contain('_drain');
    for (const internal of ['_admit', '_overflow', 'backend', 'schedule(']) expect(registry, internal).not.to.contain(internal);
  });

  it('should give an application the main entry, and readers and tools the format in instrumentor/format', () => {
    for (const name of ['Counter', 'CollectorRegistry', 'ExpositionClient', 'createMetricsHandler', 'deleteExpiredCells', 'TEXT_CONTENT_TYPE']) {
      expect(main, name).to.have.property(name);
    }
    for (const name of ['encodeField', 'decodeField', 'TypeCode', 'decodeLabels', 'parseNumber', 'decodeNamespace', 'renderText', 'INSTRUMENTED_METADATA']) {
      expect(main, name).not.to.have.property(name);
    }
    for (const name of ['namespaceKey', 'encodeField', 'decodeField', 'TypeCode', 'encodeLabels', 'decodeLabels', 'parseNumber', 'formatNumber', 'decodeNamespace', 'renderText', 'renderOpenMetrics']) {
      expect(format, name).to.have.property(name);
    }
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['./format']).to.deep.equal({ types: './dist/format.d.ts', default: './dist/format.js' });
  });
});
