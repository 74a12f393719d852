// @ts-nocheck
import { createServer, Server, Socket, connect } from 'node:net';
import { hostAndPort } from '../support/redis';

/**
 * A TCP proxy in front of Redis that can lose a reply: when armed, it
 * forwards the next client data that contains `marker` to Redis, waits until
 * Redis starts answering (so Redis has applied it) and then cuts both
 * connections instead of forwarding the answer.
 */
export class LossyProxy {
  /** How many replies were cut. */
  cuts = 0;
  /** Cut the reply of the next client data containing the marker. */
  armed = false;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly upstream: { host: string; port: number },
    private readonly marker: string,
  ) {
    this.server = createServer((client) => this.handle(client));
  }

  /** start listens on a free port of 127.0.0.1, in front of the Redis at `upstreamUrl`. */
  static async start(upstreamUrl: string, marker: string): Promise<LossyProxy & { port: number }> {
    const proxy = new LossyProxy(hostAndPort(upstreamUrl), marker);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return Object.assign(proxy, { port: (proxy.server.address() as { port: number }).port });
  }

  private handle(client: Socket): void {
    const upstream = connect(this.upstream.port, this.upstream.host);
    this.sockets.add(client).add(upstream);
    let cutNextReply = false;
    client.on('data', (data) => {
      if (this.armed && data.includes(this.marker)) {
        this.armed = false;
        cutNextReply = true;
      }
      upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (cutNextReply) {
        this.cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(data);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }

  /** close stops listening and cuts every connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
