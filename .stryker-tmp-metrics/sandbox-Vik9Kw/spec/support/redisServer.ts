// @ts-nocheck
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { killed } from './processes';

/** freePort asks the system for a TCP port nobody listens on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server this test owns, on its own port and folder. */
export interface OwnedRedis {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  process: ChildProcess;
  /** stop kills the server and deletes its folder. */
  stop(): Promise<void>;
}

/** redisServerArgs are the arguments of a throwaway redis-server on `port`: loopback only, in `dir`, without persistence. */
export function redisServerArgs(port: number, dir: string): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
}

/** startRedis starts a redis-server on a free port with `extra` arguments and waits until it answers. */
export async function startRedis(extra: string[] = []): Promise<OwnedRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-redis-'));
  const child = spawn('redis-server', [...redisServerArgs(port, dir), ...extra], { stdio: 'ignore' });
  const owned: OwnedRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    process: child,
    async stop() {
      await killed(owned.process);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await waitFor(() => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG');
  return owned;
}

/** waitFor polls `check` every 50 ms until it is true, for at most `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
