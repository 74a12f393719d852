// @ts-nocheck
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

describe('the built package: instrumentor/format', function () {
  this.timeout(30_000);
  let dir: string;

  before(function () {
    if (!existsSync(path.join(ROOT, 'dist', 'format.js'))) this.skip(); // `npm test` builds before the specs
    dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-format-'));
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(ROOT, path.join(dir, 'node_modules', 'instrumentor'), 'dir');
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should load by name with require() and with import', () => {
    const cjs = "const f = require('instrumentor/format'); console.log(f.namespaceKey('shop'), f.encodeField('m', '', 'a=\"1\"'), typeof f.decodeNamespace);";
    expect(execFileSync(process.execPath, ['-e', cjs], { cwd: dir, encoding: 'utf8' })).to.equal('instrumentor:{shop} m::a="1" function\n');
    const esm = "import { renderText, decodeNamespace } from 'instrumentor/format'; process.stdout.write(renderText(decodeNamespace([['m:t:', 'c'], ['m::', '2']]).families));";
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: dir, encoding: 'utf8' })).to.equal('# HELP m \n# TYPE m counter\nm 2\n');
  });
});
