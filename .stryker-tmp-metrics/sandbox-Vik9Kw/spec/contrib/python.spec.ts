// @ts-nocheck
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { needPython } from '../support/binaries';

const ROOT = path.resolve(__dirname, '../..');
const CONTRIB = path.join(ROOT, 'contrib', 'python');
const modules = readdirSync(path.join(CONTRIB, 'tests'))
  .filter((f) => /^test_.*\.py$/.test(f))
  .map((f) => f.slice(0, -'.py'.length))
  .sort();

describe('contrib/python (the Python reader and writer, against the real Redis)', function () {
  this.timeout(180_000);

  let python: string;
  before(function () {
    python = needPython(this, 'redis', 'prometheus_client');
  });

  it('should have test modules to run', () => {
    expect(modules).to.include.members(['test_conformance', 'test_exactly_once', 'test_mixed_writers', 'test_writer']);
  });

  for (const module of modules) {
    it(`should pass ${module}`, () => {
      const r = spawnSync(python, ['-m', 'unittest', '-v', `tests.${module}`], {
        cwd: CONTRIB,
        encoding: 'utf8',
        env: { ...process.env, INSTRUMENTOR_NODE: process.execPath, PYTHONDONTWRITEBYTECODE: '1' },
      });
      const measured = r.stderr.split('\n').filter((l) => l.includes('mixed writers:'));
      for (const line of measured) console.log(line);
      expect(r.error).to.equal(undefined);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stderr).to.match(/\nOK/);
      expect(r.stderr).to.not.match(/skipped/);
    });
  }
});
