// @ts-nocheck
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { onPath } from './binaries';
import { redisServerArgs } from './redisServer';

/** The Redis the specs use when REDIS_URL is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

// Run by `node -e` (the specs load synchronously, so the probe runs in a
// process of its own): PING the Redis at argv[2] until it answers or argv[3]
// milliseconds have passed. Exit 0: PONG; 2: it answered with an error; 1: no
// answer. The reason is printed.
const PROBE = `
const [ioredis, url, waitMs] = process.argv.slice(1);
const Redis = require(ioredis);
const deadline = Date.now() + Number(waitMs);
(async () => {
  for (;;) {
    const r = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    let lastError;
    r.on('error', (e) => (lastError = e));
    let answered = false;
    try {
      await r.connect();
      answered = true;
      await r.ping();
      r.disconnect();
      process.exit(0);
    } catch (e) {
      r.disconnect();
      if (answered || Date.now() >= deadline) {
        console.log((answered ? e : lastError ?? e).message);
        process.exit(answered ? 2 : 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
})();
`;

const FREE_PORT = `const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });`;

interface Probe {
  /** 0: it answered PONG; 2: it answered with an error; 1: nothing answered. */
  status: number;
  reason: string;
}

function probe(url: string, waitMs: number): Probe {
  const r = spawnSync(process.execPath, ['-e', PROBE, require.resolve('ioredis'), url, String(waitMs)], { encoding: 'utf8', timeout: waitMs + 10_000 });
  return { status: r.status ?? 1, reason: (r.stdout || r.stderr || String(r.error ?? r.signal)).trim() };
}

function freePortSync(): number {
  return Number(spawnSync(process.execPath, ['-e', FREE_PORT], { encoding: 'utf8' }).stdout);
}

function stop(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

let own: { child: ChildProcess; dir: string } | undefined;

/**
 * ensureRedis makes REDIS_URL (default redis://127.0.0.1:6379) name a Redis
 * that answers, before any spec is loaded, for the specs and every process
 * they start. When none answers there, it starts a throwaway redis-server on
 * a free port (stopped when the run ends) and points REDIS_URL at it; without
 * redis-server on PATH either, it ends the run at once with one message.
 */
export function ensureRedis(): void {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const first = probe(url, 0);
  if (first.status === 0) {
    process.env.REDIS_URL = url;
    return;
  }
  if (first.status === 2) stop(`The Redis at ${url} (REDIS_URL) answers PING with an error: ${first.reason}. Point REDIS_URL at a Redis the specs may write to.`);
  if (!onPath('redis-server')) {
    stop(
      `No Redis answers at ${url} (${first.reason}), and there is no redis-server on PATH to start one.\n` +
        'Start Redis there, set REDIS_URL to a Redis that answers, or install redis-server (apt-get install redis-server).',
    );
  }
  const port = freePortSync();
  const dir = mkdtempSync(path.join(tmpdir(), 'instrumentor-suite-redis-'));
  const child = spawn('redis-server', redisServerArgs(port, dir), { stdio: 'ignore' });
  child.on('error', () => undefined); // the probe below reports it
  child.unref();
  own = { child, dir };
  process.on('exit', stopOwnRedis);
  const ownUrl = `redis://127.0.0.1:${port}`;
  const started = probe(ownUrl, 10_000);
  if (started.status !== 0) {
    stopOwnRedis();
    stop(`No Redis answers at ${url}, and the redis-server started on port ${port} did not answer either: ${started.reason}`);
  }
  process.env.REDIS_URL = ownUrl;
  console.log(`No Redis answers at ${url}: the specs use a redis-server of their own at ${ownUrl}, stopped at the end.`);
}

/** stopOwnRedis stops the redis-server ensureRedis started, if it did. */
export function stopOwnRedis(): void {
  if (own === undefined) return;
  own.child.kill('SIGKILL');
  rmSync(own.dir, { recursive: true, force: true });
  own = undefined;
}
