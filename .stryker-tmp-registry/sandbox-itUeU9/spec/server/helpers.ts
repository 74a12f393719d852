// @ts-nocheck
import { ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { killed } from '../support/processes';
import type { Store } from '../../lib/store/Store';

/** freePort asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** An HTTP answer, body undecoded. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** get sends one HTTP request (GET unless told) and collects the answer. */
export function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** until polls `check` every 50 ms until it returns true, failing after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * OwnRedis is a redis-server of a test's own, on a free port, without
 * persistence, that the test may stop and start again on the same port.
 */
export class OwnRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const r = new OwnRedis(await freePort());
    await r.start();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await until(async () => {
        if (probe.status !== 'ready') {
          probe.disconnect();
          await probe.connect();
        }
        return (await probe.ping()) === 'PONG';
      }, 10_000, `redis-server on port ${this.port}`);
    } finally {
      probe.disconnect();
    }
  }

  /** shutdown stops the server the polite way, with SHUTDOWN NOSAVE: clients see their connection closed. */
  async shutdown(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const client = new Redis(this.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    await client.shutdown('NOSAVE').catch(() => undefined);
    client.disconnect();
    await exited;
    this.child = undefined;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child !== undefined) await killed(child);
  }
}

/** gatedStore wraps `store` so that reads wait until `open()` is called: scrapes stay in flight as long as a test needs. */
export function gatedStore(store: Store): { store: Store; open: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const gated: Store = {
    write: (...a) => store.write(...a),
    async *scan(namespace, count) {
      await gate;
      yield* store.scan(namespace, count);
    },
    close: async () => undefined,
  };
  return { store: gated, open };
}
