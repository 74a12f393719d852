// @ts-nocheck
import { createHook } from 'node:async_hooks';
import Redis from 'ioredis';

/** How long the process may stay alive after the run ended: open handles are bugs, and must not hang a red run. */
const GRACE_MS = { passed: 5000, failed: 1000 };

/** Something opened during the run that can keep the process alive, and where it was opened. */
interface Opened {
  describe(): string | undefined;
  where: string;
}

let running = 'loading the spec files';
/** What was open before the specs: standard output and error, for one. */
const atStart = countByType();
let opened: Set<Opened> | undefined;

/** followRunnables keeps the title of the hook or test that runs, to tell where a handle was opened. */
export function followRunnables(runner: Mocha.Runner): void {
  runner.on('hook', (hook) => (running = hook.fullTitle()));
  runner.on('test', (test) => (running = test.fullTitle()));
  runner.on('hook end', (hook) => {
    // a test runs after its "before each" hooks, without an event of its own
    if (hook.title.startsWith('"before each" hook')) running = (runner as any).test?.fullTitle() ?? running;
  });
}

/** where is the running test or hook and the first frames of the specs and the library that led here. */
function where(): string {
  const frames = (new Error().stack ?? '')
    .split('\n')
    .filter((line) => /\/(spec|lib)\//.test(line) && !line.includes('node_modules') && !line.includes('exitGuard'))
    .slice(0, 4);
  return [running, ...frames].join('\n      ');
}

/**
 * trackOpenHandles records where every timer, socket, server, child process
 * and Redis client is opened, so that the exit guard can say which were left
 * open (slow: only with SPEC_OPEN_HANDLES=1). A Redis client is named apart:
 * while it reconnects, its timers are made by ioredis, far from the spec.
 */
export function trackOpenHandles(): void {
  const all = (opened = new Set());
  const byId = new Map<number, Opened>();
  createHook({
    init(id, type, _trigger, resource: any) {
      if (typeof resource?.hasRef !== 'function') return;
      const ref = new WeakRef<{ hasRef(): boolean }>(resource);
      const o: Opened = { describe: () => (ref.deref()?.hasRef() ? type : undefined), where: where() };
      byId.set(id, o);
      all.add(o);
    },
    destroy(id) {
      const o = byId.get(id);
      if (o !== undefined) all.delete(o);
      byId.delete(id);
    },
  }).enable();
  const connect = Redis.prototype.connect;
  const clients = new WeakSet<Redis>();
  Redis.prototype.connect = function (this: Redis, ...args: Parameters<typeof connect>) {
    if (!clients.has(this)) {
      clients.add(this);
      const ref = new WeakRef(this);
      all.add({
        describe() {
          const client = ref.deref();
          // a client closed while it was reconnecting stays "reconnecting", with nothing left running
          const idle = client === undefined || ['end', 'wait'].includes(client.status) || (client.status === 'reconnecting' && !(client as any).reconnectTimeout);
          return idle ? undefined : `ioredis client of ${client.options.host}:${client.options.port} (${client.status})`;
        },
        where: where(),
      });
    }
    return connect.apply(this, args);
  };
}

/**
 * armExitGuard ends the process shortly after the run ended when something
 * still keeps it alive: with the failures as exit code when the run failed,
 * and with 1 when it passed (a spec did not close what it opened). It lists
 * what was left open.
 */
export function armExitGuard(failures: number): void {
  // when looking for what was left open, give a failed run the time a passed one has
  const grace = failures > 0 && opened === undefined ? GRACE_MS.failed : GRACE_MS.passed;
  const timer = setTimeout(() => {
    const open = [...countByType()]
      .map(([type, n]) => [type, n - (atStart.get(type) ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .map(([type, n]) => `${n} ${type}`)
      .join(', ');
    const lines = [
      failures > 0
        ? `\nThe run failed, and ${open} kept the process alive ${grace} ms after it ended: exiting.`
        : `\nThe specs passed, but left open ${open} ${grace} ms after the run ended: a spec did not close what it opened. Exiting with 1.`,
    ];
    if (opened === undefined) lines.push('Run again with SPEC_OPEN_HANDLES=1 to see where each was opened.');
    else {
      for (const o of opened) {
        const what = o.describe();
        if (what !== undefined) lines.push(`  ${what} opened in ${o.where}`);
      }
    }
    console.error(lines.join('\n'));
    process.exit(failures > 0 ? Math.min(failures, 255) : 1);
  }, grace);
  timer.unref();
}

function countByType(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}
