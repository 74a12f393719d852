// @ts-nocheck
import { spawnSync } from 'node:child_process';
import { needPrograms } from './binaries';

/** What promtool said: its exit code and its output (stdout, then stderr). */
export interface PromtoolResult {
  status: number | null;
  output: string;
}

/**
 * promtool runs `promtool` with `args` and `input` on its stdin. Without
 * promtool on PATH the current test is skipped (under CI it fails): call it
 * after the test's other assertions, so that those run everywhere.
 */
export function promtool(ctx: Mocha.Context, args: string[], input = ''): PromtoolResult {
  needPrograms(ctx, 'promtool');
  const r = spawnSync('promtool', args, { input, encoding: 'utf8', timeout: 10_000 });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** promtoolCheck runs `promtool check metrics` on exposition text. */
export function promtoolCheck(ctx: Mocha.Context, text: string): PromtoolResult {
  return promtool(ctx, ['check', 'metrics'], text);
}
