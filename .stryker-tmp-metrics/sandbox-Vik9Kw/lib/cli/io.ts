// @ts-nocheck
import type { Readable } from 'node:stream';

/** CliIO is what a command reads and writes: the process's streams and environment, or stand-ins in tests. */
export interface CliIO {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Standard input, for confirmations. */
  stdin: Readable;
  /** The environment variables. */
  env: NodeJS.ProcessEnv;
  /**
   * Resolves when the process is asked to stop (SIGTERM, SIGINT); `serve`
   * waits for it. @default never
   */
  stopSignal?: Promise<string>;
}

/** processIO is the CliIO of the running process. */
export function processIO(): CliIO {
  // output piped into a program that stops reading (`| head`) ends the command quietly
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: process.stdin,
    env: process.env,
    stopSignal: new Promise((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    }),
  };
}
