import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { expect } from 'chai';
import * as bcrypt from 'bcryptjs';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { ExpositionServer } from '../../lib/server/ExpositionServer';
import { createLineLogger } from '../../lib/server/logger';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { TestPki } from '../tls/certificates';
import { until } from './helpers';

/** curl runs the real curl and resolves to its exit status, the HTTP status (0 when none) and what it printed. */
function curl(args: string[]): Promise<{ exit: number; status: number; body: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '10', '-w', '\n%{http_code}', ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      const cut = stdout.lastIndexOf('\n');
      resolve({ exit: err === null ? 0 : Number((err as { code?: number }).code ?? 1), status: Number(stdout.slice(cut + 1)) || 0, body: stdout.slice(0, cut), stderr });
    });
  });
}

interface NodeAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  fingerprint: string;
}

/** fetchTls sends one GET with Node's own TLS client and reports the server certificate's fingerprint. */
function fetchTls(url: string, tls: { ca?: string; cert?: string; key?: string }, headers: Record<string, string> = {}): Promise<NodeAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...tls, headers, agent: false }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerX509Certificate()?.fingerprint256 ?? '';
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers, fingerprint }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('server/ExpositionServer over HTTPS (web configuration file)', function () {
  this.timeout(30_000);
  let pki: TestPki;
  let store: MemoryStore;
  let server: ExpositionServer | undefined;
  let logs: string[];
  let webConfig: string;

  before(async () => {
    pki = new TestPki();
    store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'app', flushIntervalMs: 0 });
    registry.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc(3);
    await registry.flush();
  });
  after(() => pki.remove());
  beforeEach(() => {
    logs = [];
    webConfig = join(pki.dir, `web-${Date.now()}-${Math.random()}.yml`);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(yaml: string): Promise<ExpositionServer> {
    writeFileSync(webConfig, yaml);
    server = new ExpositionServer({
      store, namespaces: ['app'], port: 0, host: '127.0.0.1', webConfigFile: webConfig, logger: createLineLogger((l) => logs.push(l)),
    });
    return server.listen();
  }

  it('should serve HTTPS that curl and Node verify against the CA, with the security headers', async () => {
    const cert = pki.server();
    const s = await start(`tls_server_config:\n  cert_file: ${cert.cert}\n  key_file: ${cert.key}\n`);
    expect(s.url).to.match(/^https:\/\/127\.0\.0\.1:\d+\/metrics$/);

    const ok = await curl(['-i', '--cacert', pki.ca.cert, s.url]);
    expect(ok.status, ok.stderr).to.equal(200);
    expect(ok.body).to.contain('hits_total{namespace="app"} 3');
    expect(ok.body).to.match(/^x-content-type-options: nosniff\r$/im);
    expect(ok.body).to.match(/^x-frame-options: deny\r$/im);

    const untrusted = await curl([s.url]);
    expect(untrusted.exit).to.equal(60); // the peer certificate cannot be authenticated with known CA certificates
    const plain = await curl([s.url.replace('https:', 'http:')]);
    expect(plain.status).not.to.equal(200);

    const node = await fetchTls(s.url, { ca: pki.ca.pem });
    expect(node.status).to.equal(200);
    expect(node.body).to.contain('hits_total{namespace="app"} 3');
    expect(node.headers['content-security-policy']).to.equal("default-src 'none'; frame-ancestors 'none'");
  });

  it('should close a connection that never starts its TLS handshake within headersTimeoutMs', async () => {
    const cert = pki.server();
    writeFileSync(webConfig, `tls_server_config:\n  cert_file: ${cert.cert}\n  key_file: ${cert.key}\n`);
    server = await new ExpositionServer({
      store, namespaces: ['app'], port: 0, host: '127.0.0.1', webConfigFile: webConfig, headersTimeoutMs: 1000, logger: createLineLogger((l) => logs.push(l)),
    }).listen();
    const started = Date.now();
    const silent = connect(server.port, '127.0.0.1');
    silent.resume(); // a paused socket may never see the server's end of the connection
    silent.on('error', () => undefined);
    const closedAfter = await new Promise<number>((resolve) => silent.once('close', () => resolve(Date.now() - started)));
    expect(closedAfter).to.be.within(900, 4000);
  });

  it('should take a rotated certificate and key for the next connection, without a restart', async () => {
    const first = pki.server('first');
    const cert = join(pki.dir, 'rotating.crt');
    const key = join(pki.dir, 'rotating.key');
    copyFileSync(first.cert, cert);
    copyFileSync(first.key, key);
    const s = await start(`tls_server_config:\n  cert_file: rotating.crt\n  key_file: rotating.key\n`); // relative to the file
    const before = await fetchTls(s.url, { ca: pki.ca.pem });
    expect(before.status).to.equal(200);

    const second = pki.server('second');
    copyFileSync(second.cert, cert);
    copyFileSync(second.key, key);
    let after: NodeAnswer | undefined;
    await until(async () => (after = await fetchTls(s.url, { ca: pki.ca.pem })).fingerprint !== before.fingerprint, 5000, 'the new certificate');
    expect(after!.status).to.equal(200);
    const curled = await curl(['-v', '--cacert', pki.ca.cert, s.url]);
    expect(curled.status).to.equal(200);
    expect(curled.stderr).to.match(/subject: CN=second/);
    expect(logs.some((l) => l.includes('msg="reloaded the web configuration"'))).to.equal(true);
  });

  it('should keep the certificate in force while a rotation is half written, and log why', async () => {
    const first = pki.server('first');
    const cert = join(pki.dir, 'half.crt');
    copyFileSync(first.cert, cert);
    const s = await start(`tls_server_config:\n  cert_file: ${cert}\n  key_file: ${first.key}\n`);
    const before = await fetchTls(s.url, { ca: pki.ca.pem });
    copyFileSync(pki.server('other').cert, cert); // its key is not written yet
    let still: NodeAnswer | undefined;
    await until(async () => {
      still = await fetchTls(s.url, { ca: pki.ca.pem }); // the files are looked at when a connection arrives
      return logs.some((l) => l.includes('cannot reload the web configuration'));
    }, 5000, 'the failed reload to be logged');
    expect(still!.status).to.equal(200);
    expect(still!.fingerprint).to.equal(before.fingerprint);
    expect(logs.find((l) => l.includes('cannot reload'))).to.match(/key values mismatch|tls_server_config/);
  });

  it('should require a client certificate signed by client_ca_file with RequireAndVerifyClientCert', async () => {
    const cert = pki.server();
    const client = pki.client('prometheus');
    const stranger = new TestPki('another CA');
    try {
      const foreign = stranger.client('mallory');
      const s = await start(
        `tls_server_config:\n  cert_file: ${cert.cert}\n  key_file: ${cert.key}\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${pki.ca.cert}\n`,
      );
      const none = await curl(['--cacert', pki.ca.cert, s.url]);
      expect(none.status).to.equal(0);
      expect(none.exit).to.be.oneOf([35, 56]); // the handshake or the first read fails: no certificate
      const wrong = await curl(['--cacert', pki.ca.cert, '--cert', foreign.cert, '--key', foreign.key, s.url]);
      expect(wrong.status).to.equal(0);
      const right = await curl(['--cacert', pki.ca.cert, '--cert', client.cert, '--key', client.key, s.url]);
      expect(right.status, right.stderr).to.equal(200);
      const node = await fetchTls(s.url, { ca: pki.ca.pem, cert: client.pem, key: readFileSync(client.key, 'utf8') });
      expect(node.status).to.equal(200);
      let refused: unknown;
      await fetchTls(s.url, { ca: pki.ca.pem }).catch((e) => (refused = e));
      expect(refused).to.be.instanceOf(Error);
    } finally {
      stranger.remove();
    }
  });

  it('should refuse a client certificate without an allowed SAN when client_allowed_sans is set', async () => {
    const cert = pki.server();
    const allowed = pki.client('prometheus', 'DNS:prometheus.example');
    const other = pki.client('grafana', 'DNS:grafana.example');
    const s = await start(
      `tls_server_config:\n  cert_file: ${cert.cert}\n  key_file: ${cert.key}\n  client_auth_type: RequireAndVerifyClientCert\n` +
        `  client_ca_file: ${pki.ca.cert}\n  client_allowed_sans: [prometheus.example]\n`,
    );
    expect((await curl(['--cacert', pki.ca.cert, '--cert', allowed.cert, '--key', allowed.key, s.url])).status).to.equal(200);
    expect((await curl(['--cacert', pki.ca.cert, '--cert', other.cert, '--key', other.key, s.url])).status).to.equal(0);
    await until(() => logs.some((l) => l.includes('refused a TLS client') && l.includes('grafana.example')), 2000, 'the refusal to be logged');
  });

  it('should ask basic_auth_users for bcrypt-checked credentials, send the configured headers, and pick up new users', async () => {
    const cert = pki.server();
    const hash = bcrypt.hashSync('s3cret', 4);
    const tlsPart = `tls_server_config:\n  cert_file: ${cert.cert}\n  key_file: ${cert.key}\n`;
    const headers = `http_server_config:\n  headers:\n    Strict-Transport-Security: max-age=31536000\n    Content-Security-Policy: ""\n`;
    const s = await start(`${tlsPart}${headers}basic_auth_users:\n  prometheus: ${hash}\n`);
    const none = await curl(['-i', '--cacert', pki.ca.cert, s.url]);
    expect(none.status).to.equal(401);
    expect(none.body).to.match(/^www-authenticate: Basic realm="instrumentor"/im);
    expect((await curl(['--cacert', pki.ca.cert, '-u', 'prometheus:wrong', s.url])).status).to.equal(401);
    const ok = await curl(['-i', '--cacert', pki.ca.cert, '-u', 'prometheus:s3cret', s.url]);
    expect(ok.status).to.equal(200);
    expect(ok.body).to.match(/^strict-transport-security: max-age=31536000\r$/im);
    expect(ok.body).not.to.match(/^content-security-policy:/im); // turned off by its empty value
    expect(ok.body).to.match(/^x-content-type-options: nosniff\r$/im);

    writeFileSync(webConfig, `${tlsPart}basic_auth_users:\n  prometheus: ${hash}\n  grafana: ${bcrypt.hashSync('other', 4)}\n`);
    await until(async () => (await curl(['--cacert', pki.ca.cert, '-u', 'grafana:other', s.url])).status === 200, 5000, 'the new user');
  });

  it('should answer 429 beyond rate_limit', async () => {
    const cert = pki.server();
    const s = await start(`tls_server_config:\n  cert_file: ${cert.cert}\n  key_file: ${cert.key}\nrate_limit:\n  interval: 1m\n  burst: 2\n`);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await fetchTls(s.url, { ca: pki.ca.pem }));
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 429, 429]);
    expect(answers[3].headers['x-content-type-options']).to.equal('nosniff');
  });

  it('should refuse a web configuration file it cannot use, naming the setting', () => {
    writeFileSync(webConfig, 'tls_server_config:\n  cert_file: nope.crt\n  key_file: nope.key\n');
    expect(() => new ExpositionServer({ store, namespaces: ['app'], webConfigFile: webConfig })).to.throw(/cert_file: cannot read/);
    writeFileSync(webConfig, `basic_auth_users:\n  prometheus: ${bcrypt.hashSync('x', 4)}\n`);
    expect(() => new ExpositionServer({ store, namespaces: ['app'], webConfigFile: webConfig, auth: { bearerToken: 't' } })).to.throw(/not both/);
  });
});
