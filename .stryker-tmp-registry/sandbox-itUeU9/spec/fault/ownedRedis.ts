// @ts-nocheck
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { killed } from '../support/processes';
import { freePort, waitFor } from '../support/redisServer';

/**
 * A redis-server the test owns, that the test can kill, restart on the same
 * port and folder, hang (SIGSTOP) and resume (SIGCONT). It runs with an
 * append-only file fsynced on every write, so that whatever it acknowledged
 * survives a SIGKILL.
 */
export class OwnedRedisServer {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<OwnedRedisServer> {
    const server = new OwnedRedisServer(await freePort(), mkdtempSync(path.join(tmpdir(), 'instrumentor-fault-')));
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** restart starts the server (again) and waits until it answers. */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    await waitFor(() => this.cli('ping') === 'PONG');
  }

  /** kill ends the server with SIGKILL and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.child !== undefined) await killed(this.child);
  }

  /** hang stops the server with SIGSTOP: connections stay open, nothing is answered. */
  hang(): void {
    this.child?.kill('SIGSTOP');
  }

  /** resume continues a hung server. */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** cli runs redis-cli against the server and returns its trimmed output. */
  cli(...args: string[]): string {
    return spawnSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8', timeout: 5000 }).stdout?.trim() ?? '';
  }

  /** stop kills the server and deletes its folder. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
