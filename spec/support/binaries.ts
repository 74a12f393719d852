import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Debian package that provides each program the specs run. */
const PACKAGES: Readonly<Record<string, string>> = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  'redis-server': 'redis-server',
  'redis-cli': 'redis-tools',
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

/** missingReason says which of `names` are not on PATH and what to install, or is undefined when all are there. */
export function missingReason(names: readonly string[]): string | undefined {
  const missing = names.filter((n) => !onPath(n));
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
  if (reason === undefined) return;
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
