// @ts-nocheck
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server, Socket } from 'node:net';

interface Tracked {
  readonly socket: Socket;
  /** Requests being answered on the connection. */
  busy: number;
  /** Whether the connection has carried a request yet. */
  used: boolean;
  /** Closes the connection unless its first request arrives in time. */
  timer: NodeJS.Timeout | undefined;
}

/**
 * ConnectionGuard caps the open connections of a server at `max`. When a
 * connection arrives at the cap, the guard closes the least recently used
 * connection that is not being answered (one that never sent a request
 * first, then an idle keep-alive one) to make room; only when every
 * connection is being answered is the new one refused. So connections held
 * open without requests cannot lock scrapers out.
 *
 * A connection whose first request has not arrived (headers complete)
 * `firstRequestTimeoutMs` after it opened is closed: Node's own
 * `headersTimeout` only starts with the first byte, so it leaves silent
 * connections open.
 */
export class ConnectionGuard {
  /** Open connections, least recently used first. */
  private readonly open = new Map<string, Tracked>();
  /** Connections closed to make room, since the start. */
  evicted = 0;
  /** Connections refused at the cap, since the start. */
  refused = 0;

  constructor(
    server: Server,
    readonly max: number,
    private readonly firstRequestTimeoutMs: number,
    private readonly onCap: (what: 'evicted' | 'refused') => void = () => undefined,
  ) {
    // first of the listeners: a refused connection never reaches TLS or HTTP
    server.prependListener('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.track(req, res));
  }

  /** size is the number of open connections. */
  get size(): number {
    return this.open.size;
  }

  private admit(socket: Socket): void {
    const key = keyOf(socket);
    if (this.open.size >= this.max && !this.makeRoom()) {
      this.refused++;
      this.onCap('refused');
      socket.destroy();
      return;
    }
    const t: Tracked = { socket, busy: 0, used: false, timer: undefined };
    t.timer = setTimeout(() => t.used || socket.destroy(), this.firstRequestTimeoutMs);
    t.timer.unref();
    this.open.set(key, t);
    socket.once('close', () => {
      clearTimeout(t.timer);
      if (this.open.get(key) === t) this.open.delete(key);
    });
  }

  private makeRoom(): boolean {
    let idle: Tracked | undefined;
    for (const t of this.open.values()) {
      if (t.busy > 0) continue;
      if (!t.used) return this.evict(t);
      idle ??= t;
    }
    return idle !== undefined && this.evict(idle);
  }

  private evict(t: Tracked): true {
    this.open.delete(keyOf(t.socket));
    t.socket.destroy();
    this.evicted++;
    this.onCap('evicted');
    return true;
  }

  private track(req: IncomingMessage, res: ServerResponse): void {
    const key = keyOf(req.socket);
    const t = this.open.get(key);
    if (t === undefined) return;
    t.busy++;
    t.used = true;
    clearTimeout(t.timer);
    res.once('close', () => {
      t.busy--;
      if (this.open.get(key) === t) {
        this.open.delete(key); // most recently used last
        this.open.set(key, t);
      }
    });
  }
}

/** A connection's key: the client's address and port, the same on the TCP socket and on the TLS socket over it. */
function keyOf(socket: Socket): string {
  return `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}`;
}
