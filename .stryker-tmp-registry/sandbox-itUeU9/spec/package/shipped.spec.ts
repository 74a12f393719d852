// @ts-nocheck
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

describe('what the package ships', function () {
  this.timeout(30_000);

  it('ships the MIT LICENSE that package.json names', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).to.equal('MIT');
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).to.match(/^MIT License\n/);
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
    expect(files).to.include('LICENSE');
  });

  it('ships source maps only with their sources inlined', function () {
    const map = path.join(ROOT, 'dist', 'index.js.map');
    if (!existsSync(map)) this.skip(); // `npm test` builds before the specs
    const parsed = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[]; sourcesContent?: string[] };
    expect(parsed.sourcesContent, 'sourcesContent').to.have.length(parsed.sources.length);
    expect(parsed.sourcesContent![0]).to.contain('export');
  });
});
