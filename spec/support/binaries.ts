import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Debian package that provides each program the specs run. */
const PACKAGES: Readonly<Record<string, string>> = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  'redis-server': 'redis-server',
  'redis-cli': 'redis-tools',
  'redis-sentinel': 'redis-sentinel',
};

/** The Debian package that provides each Python package the specs import (submodules included), for Debian's /usr/bin/python3. */
const PYTHON_PACKAGES: Readonly<Record<string, string>> = {
  redis: 'python3-redis',
  prometheus_client: 'python3-prometheus-client',
};

/** underCi is true when the environment says CI (CI=true, as CI services set it): there a missing program fails the run. */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env.CI ?? '').toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

/** onPath tells whether an executable file named `name` is in one of the PATH folders. */
export function onPath(name: string, path = process.env.PATH ?? ''): boolean {
  return path
    .split(delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** missingReason says which of `names` are not on `path` (PATH) and what to install, or is undefined when all are there. */
export function missingReason(names: readonly string[], path = process.env.PATH ?? ''): string | undefined {
  const missing = names.filter((n) => !onPath(n, path));
  if (missing.length === 0) return undefined;
  return missing.map((n) => `${n} not found: apt-get install ${PACKAGES[n] ?? n}`).join('; ');
}

/** Why specs were skipped in this run, with how many specs each reason skipped. */
export const skipped = new Map<string, number>();

/**
 * needPrograms skips the current test (or, called in a `before` hook, every
 * test of its suite) when one of `names` is not on PATH, with the reason in
 * the test's title ("promtool not found: apt-get install prometheus"). Under
 * CI it throws instead, so that a missing program fails the run.
 */
export function needPrograms(ctx: Mocha.Context, ...names: string[]): void {
  const reason = missingReason(names);
  if (reason !== undefined) skipFor(ctx, reason);
}

/**
 * The Python interpreters to try, in order: the one INSTRUMENTOR_PYTHON
 * names, alone, or else Debian's own before `python3` on PATH, which may be
 * one that does not see Debian's packages (pyenv).
 */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.INSTRUMENTOR_PYTHON ? [env.INSTRUMENTOR_PYTHON] : ['/usr/bin/python3', 'python3'];
}

/**
 * findPython returns the first of `candidates` that imports every one of
 * `modules`, or why there is none and which Debian packages to install
 * ("/usr/bin/python3: cannot import redis (apt-get install python3-redis)").
 */
export function findPython(modules: readonly string[], candidates = pythonCandidates()): { python: string } | { reason: string } {
  const key = JSON.stringify([modules, candidates]);
  let found = pythons.get(key);
  if (found === undefined) pythons.set(key, (found = probePythons(modules, candidates)));
  return found;
}

/** What findPython found, by modules and candidates: each interpreter is asked once per run. */
const pythons = new Map<string, { python: string } | { reason: string }>();

function probePythons(modules: readonly string[], candidates: readonly string[]): { python: string } | { reason: string } {
  const tried: string[] = [];
  const wanted = JSON.stringify(modules);
  // find_spec of a submodule raises when its package is missing: that counts as missing, not as a broken interpreter
  const probe = [
    'import importlib.util as u',
    'def has(m):',
    '    try:',
    '        return u.find_spec(m) is not None',
    '    except ImportError:',
    '        return False',
    `print(",".join(m for m in ${wanted} if not has(m)))`,
  ].join('\n');
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', probe], { encoding: 'utf8' });
    if (r.error !== undefined || r.status !== 0) {
      tried.push(r.error !== undefined ? `${python}: not found` : `${python}: failed (${r.stderr.trim().split('\n').pop() ?? ''})`);
      continue;
    }
    const missing = r.stdout.trim();
    if (missing === '') return { python };
    tried.push(`${python}: cannot import ${missing.split(',').join(' or ')}`);
  }
  const packages = [...new Set(modules.map((m) => m.split('.')[0]).map((top) => PYTHON_PACKAGES[top] ?? `python3-${top}`))];
  return { reason: `${tried.join('; ')} (apt-get install ${packages.join(' ')})` };
}

/**
 * needPython returns a Python interpreter (see findPython) that imports every
 * one of `modules`. When there is none it skips like needPrograms, the
 * reason naming the Debian packages, or under CI throws.
 */
export function needPython(ctx: Mocha.Context, ...modules: string[]): string {
  const found = findPython(modules);
  if ('reason' in found) return skipFor(ctx, found.reason);
  return found.python;
}

/**
 * skipFor skips the current test, or called in a `before` hook every test of
 * its suite, with `reason` in the titles and in the run's summary; under CI
 * it throws instead.
 */
function skipFor(ctx: Mocha.Context, reason: string): never {
  if (underCi()) throw new Error(`${reason} (CI is set: specs do not skip there)`);
  const runnable = ctx.test!;
  const beforeAll = runnable.title.startsWith('"before all" hook');
  const tests = beforeAll ? allTests(runnable.parent!) : [ctx.currentTest ?? runnable];
  for (const t of tests) t.title += ` [skipped: ${reason}]`;
  skipped.set(reason, (skipped.get(reason) ?? 0) + tests.length);
  ctx.skip();
}

function allTests(suite: Mocha.Suite): Mocha.Runnable[] {
  return [...suite.tests, ...suite.suites.flatMap(allTests)];
}
