// @ts-nocheck
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import Redis from 'ioredis';
import type { CliIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { FlushError } from '../../lib/errors/FlushError';
import { RedisUnavailableError } from '../../lib/errors/RedisUnavailableError';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { redisTlsOptions } from '../../lib/store/redisTls';
import { freePort, OwnedRedis, startRedis } from '../support/redisServer';
import { get, until } from '../server/helpers';
import { TestPki } from './certificates';

/** A redis-server of the test's own that also listens with TLS, on `tlsPort`, with a certificate for `redis.internal` only. */
async function startTlsRedis(pki: TestPki, authClients: 'yes' | 'no'): Promise<OwnedRedis & { tlsPort: number; tlsUrl: string }> {
  const cert = pki.server('redis', 'DNS:redis.internal');
  const tlsPort = await freePort();
  const r = await startRedis(['--tls-port', String(tlsPort), '--tls-cert-file', cert.cert, '--tls-key-file', cert.key,
    '--tls-ca-cert-file', pki.ca.cert, '--tls-auth-clients', authClients]);
  return Object.assign(r, { tlsPort, tlsUrl: `rediss://127.0.0.1:${tlsPort}` });
}

/** serve runs `instrumentor serve` in this process until `stop` is called; resolves once it listens. */
async function serve(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ url: string; stop: () => Promise<number>; log: () => string }> {
  let out = '';
  let stop!: (signal: string) => void;
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (out += t), stdin: Readable.from([]), env, stopSignal: new Promise((r) => (stop = r)) };
  const port = await freePort();
  const status = runCli(['serve', '--host', '127.0.0.1', '--port', String(port), ...argv], io);
  await Promise.race([until(() => out.includes('msg=listening'), 10_000, 'serve to listen'), status.then(() => {
    throw new Error(`serve stopped: ${out}`);
  })]);
  return { url: `http://127.0.0.1:${port}`, log: () => out, stop: () => (stop('SIGTERM'), status) };
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t), stdin: Readable.from([]), env });
  return { status, out, err };
}

/** record writes one counter into `namespace` through a client given to the registry. */
async function record(client: Redis, namespace: string, n: number): Promise<void> {
  const registry = new CollectorRegistry({ redis: client, namespace, flushIntervalMs: 0 });
  registry.register(new Counter({ name: 'tls_hits_total', description: 'Hits over TLS' })).inc(n);
  expect(await registry.close()).to.equal(true);
}

describe('TLS to Redis (a real redis-server with --tls-port)', function () {
  this.timeout(60_000);
  let pki: TestPki;

  before(() => {
    pki = new TestPki('redis test CA');
  });
  after(() => pki.remove());

  describe('server certificate only', () => {
    let redis: Awaited<ReturnType<typeof startTlsRedis>>;
    before(async () => {
      redis = await startTlsRedis(pki, 'no');
      const client = new Redis(redis.tlsUrl, { tls: redisTlsOptions(redis.tlsUrl, { caFile: pki.ca.cert, serverName: 'redis.internal' }) });
      await record(client, 'tls', 4);
      client.disconnect();
    });
    after(async () => redis.stop());

    it('should serve a namespace read over TLS with the CA and server name from the command line', async () => {
      const s = await serve(['--redis', redis.tlsUrl, '-n', 'tls', '--redis-tls-ca-file', pki.ca.cert, '--redis-tls-server-name', 'redis.internal']);
      try {
        const answer = await get(`${s.url}/metrics/tls`);
        expect(answer.status).to.equal(200);
        expect(answer.text).to.contain('tls_hits_total 4');
      } finally {
        expect(await s.stop()).to.equal(0);
      }
    });

    it('should take the same settings from the environment and from the configuration file', async () => {
      const fromEnv = await serve(['-n', 'tls'], {
        INSTRUMENTOR_REDIS_URL: redis.tlsUrl,
        INSTRUMENTOR_REDIS_TLS_CA_FILE: pki.ca.cert,
        INSTRUMENTOR_REDIS_TLS_SERVER_NAME: 'redis.internal',
      });
      try {
        expect((await get(`${fromEnv.url}/metrics/tls`)).text).to.contain('tls_hits_total 4');
      } finally {
        await fromEnv.stop();
      }
      const file = join(pki.dir, 'server.json');
      writeFileSync(file, JSON.stringify({ redis: redis.tlsUrl, namespaces: ['tls'], redisTls: { caFile: pki.ca.cert, serverName: 'redis.internal' } }));
      const fromFile = await serve(['--config', file]);
      try {
        expect((await get(`${fromFile.url}/metrics/tls`)).text).to.contain('tls_hits_total 4');
      } finally {
        await fromFile.stop();
      }
    });

    it('should answer 503 without the CA or with the wrong server name, and tell why only in the log', async () => {
      for (const extra of [[], ['--redis-tls-ca-file', pki.ca.cert]]) {
        const s = await serve(['--redis', redis.tlsUrl, '-n', 'tls', '--read-timeout-ms', '1000', ...extra]);
        try {
          await until(async () => (await get(`${s.url}/healthz`)).status === 503, 10_000, '/healthz to answer 503');
          expect((await get(`${s.url}/healthz`)).text).to.equal('redis unreachable\n');
          expect((await get(`${s.url}/metrics/tls`)).status).to.equal(503);
          const reason = extra.length === 0 ? /self-signed certificate|unable to (get|verify)/ : /Hostname\/IP does not match|altnames/;
          await until(() => reason.test(s.log()), 5000, 'the TLS error in the log');
        } finally {
          await s.stop();
        }
      }
    });

    it('should let a recorder report the TLS error as the cause of its flush error', async () => {
      const errors: Error[] = [];
      const registry = new CollectorRegistry({ redis: redis.tlsUrl, namespace: 'tls-untrusted', flushIntervalMs: 0, onError: (e) => errors.push(e) });
      try {
        registry.register(new Counter({ name: 'x_total', description: 'X' })).inc();
        expect(await registry.flush()).to.equal(false);
        const error = errors.find((e) => e instanceof FlushError) as FlushError;
        expect(error, errors.map(String).join('\n')).not.to.equal(undefined);
        expect(error.message).to.match(/certificate/);
        const unavailable = error.cause as RedisUnavailableError;
        expect(unavailable).to.be.instanceOf(RedisUnavailableError);
        expect((unavailable.cause as NodeJS.ErrnoException).code).to.be.oneOf(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);
      } finally {
        await registry.close(100).catch(() => undefined);
      }
    });

    it('should let dump read over TLS', async () => {
      const dumped = await cli(['dump', 'tls', '--redis', redis.tlsUrl, '--redis-tls-ca-file', pki.ca.cert, '--redis-tls-server-name', 'redis.internal']);
      expect(dumped.status, dumped.err).to.equal(0);
      expect(dumped.out).to.contain('tls_hits_total');
    });

    it('should refuse TLS settings for a redis:// URL, and a certificate without its key', async () => {
      const plain = await cli(['dump', 'tls', '--redis', redis.url, '--redis-tls-ca-file', pki.ca.cert]);
      expect(plain.status).to.equal(2);
      expect(plain.err).to.contain('not rediss://');
      expect(() => redisTlsOptions(redis.tlsUrl, { certFile: pki.ca.cert })).to.throw(/both certFile and keyFile/);
      expect(() => redisTlsOptions(redis.tlsUrl, { caFile: '/nonexistent/ca.crt' })).to.throw(/redisTls.caFile: cannot read/);
    });
  });

  describe('client certificates required (tls-auth-clients yes)', () => {
    let redis: Awaited<ReturnType<typeof startTlsRedis>>;
    before(async () => {
      redis = await startTlsRedis(pki, 'yes');
    });
    after(async () => redis.stop());

    it('should reach Redis only with the client certificate and key', async () => {
      const client = pki.client('instrumentor');
      const base = ['--redis', redis.tlsUrl, '-n', 'mtls', '--redis-tls-ca-file', pki.ca.cert, '--redis-tls-server-name', 'redis.internal'];
      const withCert = await cli(['dump', 'mtls', ...base.slice(0, 2), ...base.slice(4), '--redis-tls-cert-file', client.cert, '--redis-tls-key-file', client.key]);
      expect(withCert.status, withCert.err).to.equal(0);
      const without = await cli(['dump', 'mtls', ...base.slice(0, 2), ...base.slice(4)]);
      expect(without.status).to.equal(1);
      expect(without.err).to.match(/cannot reach Redis/);

      const s = await serve([...base, '--redis-tls-cert-file', client.cert, '--redis-tls-key-file', client.key]);
      try {
        const health = await get(`${s.url}/healthz`);
        expect(health.status, health.text).to.equal(200);
      } finally {
        await s.stop();
      }
    });
  });
});
