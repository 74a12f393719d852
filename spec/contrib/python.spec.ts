import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CONTRIB = path.join(ROOT, 'contrib', 'python');
const INSTALL = 'apt-get install python3-redis python3-prometheus-client';

/**
 * The Python interpreters to try, in order: the one INSTRUMENTOR_PYTHON
 * names, alone, or else Debian's own before `python3` on PATH, which may be
 * one that does not see Debian's packages (pyenv).
 */
const CANDIDATES = process.env.INSTRUMENTOR_PYTHON ? [process.env.INSTRUMENTOR_PYTHON] : ['/usr/bin/python3', 'python3'];

/** pickPython returns the first interpreter that imports both redis and prometheus_client, or why there is none. */
function pickPython(): { python: string } | { reason: string } {
  const tried: string[] = [];
  for (const python of CANDIDATES) {
    const probe = 'import importlib.util as u; print(",".join(m for m in ("redis", "prometheus_client") if u.find_spec(m) is None))';
    const r = spawnSync(python, ['-c', probe], { encoding: 'utf8' });
    if (r.error !== undefined || r.status !== 0) {
      tried.push(`${python}: not found`);
      continue;
    }
    const missing = r.stdout.trim();
    if (missing === '') return { python };
    tried.push(`${python}: cannot import ${missing.replace(',', ' or ')}`);
  }
  return { reason: `${tried.join('; ')} (${INSTALL})` };
}

const picked = pickPython();
const modules = readdirSync(path.join(CONTRIB, 'tests'))
  .filter((f) => /^test_.*\.py$/.test(f))
  .map((f) => f.slice(0, -'.py'.length))
  .sort();

describe('contrib/python (the Python reader and writer, against the real Redis)', function () {
  this.timeout(180_000);

  if ('reason' in picked) {
    if (process.env.CI === 'true') {
      it('should find a Python with redis and prometheus_client', () => {
        throw new Error(`no usable Python: ${picked.reason}`);
      });
    } else {
      it.skip(`(skipped: ${picked.reason})`);
    }
    return;
  }
  const python = picked.python;

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
