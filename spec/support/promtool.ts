import { spawnSync } from 'node:child_process';

/** promtoolCheck runs `promtool check metrics` on exposition text and returns its exit code and output. */
export function promtoolCheck(text: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
