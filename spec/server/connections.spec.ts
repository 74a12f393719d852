import { connect, Socket } from 'node:net';
import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { ExpositionServer, ExpositionServerOptions } from '../../lib/server/ExpositionServer';
import { silentLogger } from '../../lib/server/logger';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { gatedStore, get, until } from './helpers';

/**
 * open makes a TCP connection and resolves once it is established; `closedAt`
 * is set when the server closes it. The socket reads whatever arrives: a
 * socket left paused may never see the server's end of the connection, so
 * never emit 'close'.
 */
function open(port: number): Promise<Socket & { closedAt?: number }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1') as Socket & { closedAt?: number };
    s.resume();
    s.on('error', () => undefined);
    s.once('close', () => (s.closedAt = Date.now()));
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

describe('server/ExpositionServer connection limits', function () {
  this.timeout(30_000);
  let store: MemoryStore;
  let server: ExpositionServer | undefined;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'app', flushIntervalMs: 0 });
    registry.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc(3);
    await registry.flush();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await server?.close();
    server = undefined;
  });

  async function start(options: Partial<ExpositionServerOptions>): Promise<ExpositionServer> {
    server = new ExpositionServer({ store, namespaces: ['app'], port: 0, host: '127.0.0.1', logger: silentLogger, ...options });
    return server.listen();
  }

  it('should close connections that send no request within headersTimeoutMs', async () => {
    const s = await start({ headersTimeoutMs: 1000 });
    const started = Date.now();
    const idle = await Promise.all(Array.from({ length: 20 }, () => open(s.port)));
    sockets.push(...idle);
    const slow = await open(s.port); // a request whose headers never end
    slow.write('GET /metrics HTTP/1.1\r\nHost: x\r\n');
    sockets.push(slow);
    await until(() => [...idle, slow].every((c) => c.closedAt !== undefined), 10_000, 'the server to close the silent connections'); // the bound on the time is asserted below
    const held = Math.max(...[...idle, slow].map((c) => c.closedAt! - started));
    expect(held).to.be.below(4000); // 1 s, plus scheduling noise on a busy machine
    expect(held).to.be.at.least(900);
  });

  it('should keep serving scrapes while many more connections than the cap are held open without requests', async () => {
    const s = await start({ maxConnections: 50, headersTimeoutMs: 60_000 });
    const silent = await Promise.all(Array.from({ length: 300 }, () => open(s.port)));
    sockets.push(...silent);
    await until(() => s.connections.evicted >= 250, 5000, 'the idle connections to be closed to make room');
    expect(s.connections.size).to.be.at.most(50);
    for (let i = 0; i < 5; i++) {
      const answer = await get(`http://127.0.0.1:${s.port}/metrics/app`);
      expect(answer.status).to.equal(200);
      expect(answer.text).to.contain('hits_total 3');
    }
    expect(s.connections.refused).to.equal(0);
  });

  it('should refuse a connection at the cap only when every open connection is being answered', async () => {
    const { store: gated, open: open_ } = gatedStore(store);
    server = new ExpositionServer({ store: gated, namespaces: ['app'], port: 0, host: '127.0.0.1', logger: silentLogger, maxConnections: 2 });
    const s = await server.listen();
    const scrapes = [get(`http://127.0.0.1:${s.port}/metrics/app`), get(`http://127.0.0.1:${s.port}/metrics/app`)];
    await until(() => s.handler.readers.get('app')!.waiting >= 1 && s.connections.size === 2, 5000, 'two scrapes in flight');
    const third = await open(s.port);
    sockets.push(third);
    await until(() => third.closedAt !== undefined, 2000, 'the third connection to be refused');
    expect(s.connections.refused).to.equal(1);
    open_();
    expect((await Promise.all(scrapes)).map((a) => a.status)).to.deep.equal([200, 200]);
  });

  it('should refuse settings that cannot work', () => {
    expect(() => new ExpositionServer({ store, namespaces: ['app'], maxConnections: 0 })).to.throw(RangeError, /maxConnections/);
    expect(() => new ExpositionServer({ store, namespaces: ['app'], headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).to.throw(RangeError, /requestTimeoutMs/);
  });
});
