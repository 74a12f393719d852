import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

/** runWorker runs a TypeScript file in its own Node.js process and resolves to the messages it sent. */
export function runWorker(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = fork(path.resolve(file), args, {
      execArgv: ['--require', 'tsx/cjs'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const messages: unknown[] = [];
    child.on('message', (m) => messages.push(m));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(messages);
      else reject(new Error(`${file} exited with ${code ?? signal}`));
    });
  });
}

/** running tells whether a child process has not exited yet. */
export function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** killed ends a child process with SIGKILL (a stopped one too), unless it has exited, and resolves once it has. */
export async function killed(child: ChildProcess): Promise<void> {
  if (!running(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGCONT');
  child.kill('SIGKILL');
  await exited;
}

/** exited resolves to a child process's exit code (null when a signal ended it), at once when it has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (c) => r(c)));
}

/** stopped asks a child process to end with SIGTERM, sends SIGKILL after 5 seconds, and resolves once it has exited. */
export async function stopped(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(timer);
}
