import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findPython, missingReason, onPath, pythonCandidates, underCi } from './binaries';

const ROOT = join(__dirname, '..', '..');
const MOCHA = require.resolve('mocha/bin/mocha.js');

/** PATH without the folders that hold promtool or prometheus: a machine without Debian's prometheus package. */
const PATH_WITHOUT_PROMETHEUS = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir !== '' && !existsSync(join(dir, 'prometheus')) && !existsSync(join(dir, 'promtool')))
  .join(delimiter);

/** A Python that is not there: a machine without python3-redis and python3-prometheus-client. */
const NO_PYTHON = join(ROOT, 'no-such-dir', 'python3');

/** runSpecs runs mocha on `files` in a process of its own and resolves to its exit code and output. */
function runSpecs(files: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MOCHA, ...files], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('spec support: specs that need a program or a Python module', () => {
  describe('underCi', () => {
    it('should be true for CI=true or 1, false when CI is unset, empty, false or 0', () => {
      expect(['true', 'TRUE', '1', 'yes'].map((CI) => underCi({ CI }))).to.deep.equal([true, true, true, true]);
      expect([undefined, '', 'false', '0'].map((CI) => underCi({ CI }))).to.deep.equal([false, false, false, false]);
    });
  });

  describe('missingReason', () => {
    it('should name each missing program and the Debian package to install', () => {
      expect(onPath('node', process.env.PATH)).to.equal(true);
      expect(onPath('promtool', PATH_WITHOUT_PROMETHEUS)).to.equal(false);
      expect(missingReason(['promtool', 'prometheus'], PATH_WITHOUT_PROMETHEUS)).to.equal(
        'promtool not found: apt-get install prometheus; prometheus not found: apt-get install prometheus',
      );
      expect(missingReason(['redis-cli'], '')).to.equal('redis-cli not found: apt-get install redis-tools');
      expect(missingReason(['node'], process.env.PATH)).to.equal(undefined);
    });
  });

  describe('findPython', () => {
    it('should try INSTRUMENTOR_PYTHON alone, else Debian\'s python3 before the one on PATH', () => {
      expect(pythonCandidates({ INSTRUMENTOR_PYTHON: '/opt/python' })).to.deep.equal(['/opt/python']);
      expect(pythonCandidates({})).to.deep.equal(['/usr/bin/python3', 'python3']);
    });

    it('should say which interpreters it tried and name the Debian packages of the modules', () => {
      expect(findPython(['redis', 'prometheus_client'], [NO_PYTHON])).to.deep.equal({
        reason: `${NO_PYTHON}: not found (apt-get install python3-redis python3-prometheus-client)`,
      });
      expect(findPython(['prometheus_client.openmetrics.parser', 'prometheus_client'], [NO_PYTHON])).to.deep.equal({
        reason: `${NO_PYTHON}: not found (apt-get install python3-prometheus-client)`, // a submodule's package, once
      });
    });

    it('should say which modules an interpreter cannot import', function () {
      if (!onPath('python3')) this.skip(); // any Python will do; one without python3 is covered above
      const found = findPython(['redis', 'no_such_module_for_the_spec'], ['python3']);
      expect(found).to.have.property('reason').that.matches(/^python3: cannot import (redis or )?no_such_module_for_the_spec \(apt-get install python3-redis python3-no_such_module_for_the_spec\)$/);
    });
  });

  describe('on a machine without prometheus, python3-redis and python3-prometheus-client', function () {
    this.timeout(60_000);
    const files = ['spec/e2e/prometheusHttps.spec.ts', 'spec/contrib/python.spec.ts'];
    const machine = { PATH: PATH_WITHOUT_PROMETHEUS, INSTRUMENTOR_PYTHON: NO_PYTHON };

    it('should skip the specs that need them, each with the package to install, and pass', async () => {
      const { code, output } = await runSpecs(files, { ...machine, CI: '' });
      expect(code, output).to.equal(0);
      expect(output).to.contain('[skipped: prometheus not found: apt-get install prometheus]');
      expect(output).to.contain(`should pass test_writer [skipped: ${NO_PYTHON}: not found (apt-get install python3-redis python3-prometheus-client)]`);
      expect(output).to.match(/Skipped for want of a program or a Python module[^\n]*\n {2}1 spec: prometheus not found: apt-get install prometheus\n {2}\d+ specs: /);
      expect(output).to.match(/0 passing/);
    });

    it('should fail them under CI, naming the package to install', async () => {
      const { code, output } = await runSpecs(files, { ...machine, CI: 'true' });
      expect(code, output).to.equal(2);
      expect(output).to.contain('prometheus not found: apt-get install prometheus (CI is set: specs do not skip there)');
      expect(output).to.contain('(apt-get install python3-redis python3-prometheus-client) (CI is set: specs do not skip there)');
    });
  });
});
