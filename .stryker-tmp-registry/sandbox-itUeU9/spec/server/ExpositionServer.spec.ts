// @ts-nocheck
import { once } from 'node:events';
import { expect } from 'chai';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { ExpositionServer } from '../../lib/server/ExpositionServer';
import { createLineLogger } from '../../lib/server/logger';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { gatedStore, get, until } from './helpers';

describe('server/ExpositionServer', () => {
  let store: MemoryStore;
  let logs: string[];
  const logger = () => createLineLogger((line) => logs.push(line));

  beforeEach(async () => {
    logs = [];
    store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'app', flushIntervalMs: 0 });
    registry.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc(3);
    await registry.flush();
  });

  describe('#listen', () => {
    it('should serve on the port asked and log where, as logfmt lines', async () => {
      const server = await new ExpositionServer({ store, namespaces: ['app'], port: 0, host: '127.0.0.1', logger: logger() }).listen();
      try {
        expect(server.url).to.equal(`http://127.0.0.1:${server.port}/metrics`);
        expect((await get(server.url)).text).to.contain('hits_total{namespace="app"} 3');
        expect(logs[0]).to.match(/^time=\S+ level=info msg=listening url=http:\/\/127\.0\.0\.1:\d+\/metrics namespaces=app\n$/);
      } finally {
        await server.close();
      }
    });

    it('should warn about a namespace that holds nothing (often a misspelt name)', async () => {
      const server = await new ExpositionServer({ store, namespaces: ['app', 'ap'], port: 0, host: '127.0.0.1', logger: logger() }).listen();
      try {
        await until(() => logs.some((l) => l.includes('level=warn') && l.includes('namespace=ap')), 5000, 'the warning');
        expect(logs.some((l) => l.includes('level=warn') && l.includes('namespace=app'))).to.equal(false);
      } finally {
        await server.close();
      }
    });

    it('should reject when the port is taken', async () => {
      const first = await new ExpositionServer({ store, namespaces: ['app'], port: 0, host: '127.0.0.1', logger: logger() }).listen();
      try {
        const second = new ExpositionServer({ store, namespaces: ['app'], port: first.port, host: '127.0.0.1', logger: logger() });
        let error: unknown;
        await second.listen().catch((e) => (error = e));
        expect((error as NodeJS.ErrnoException).code).to.equal('EADDRINUSE');
      } finally {
        await first.close();
      }
    });

    it('should refuse a bad port with a RangeError', () => {
      expect(() => new ExpositionServer({ store, namespaces: ['app'], port: 70000 })).to.throw(RangeError, /port/);
    });
  });

  describe('#close', () => {
    it('should let a scrape in progress finish, then stop', async () => {
      const { store: gated, open } = gatedStore(store);
      const server = await new ExpositionServer({ store: gated, namespaces: ['app'], port: 0, host: '127.0.0.1', logger: logger() }).listen();
      const url = `http://127.0.0.1:${server.port}/metrics/app`;
      const arrived = once(server.http, 'request');
      const scrape = get(url);
      await arrived;
      await until(() => server.handler.readers.get('app')!.waiting > 0, 5000, 'the scrape to wait for the read');
      const closed = server.close();
      try {
        expect(server.close()).to.equal(closed);
      } finally {
        open(); // even when the test fails: the scrape ends, and so does the close
      }
      const answer = await scrape;
      expect(answer.status).to.equal(200);
      expect(answer.text).to.contain('hits_total 3');
      await closed;
      expect(logs.some((l) => l.includes('msg=stopped'))).to.equal(true);
      let refused: unknown;
      await get(url).catch((e) => (refused = e));
      expect((refused as NodeJS.ErrnoException).code).to.equal('ECONNREFUSED');
    });
  });
});
