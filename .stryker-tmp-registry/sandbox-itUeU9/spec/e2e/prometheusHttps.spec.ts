// @ts-nocheck
import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import * as bcrypt from 'bcryptjs';
import { Counter } from '../../lib/metrics/Counter';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { ExpositionServer } from '../../lib/server/ExpositionServer';
import { silentLogger } from '../../lib/server/logger';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { freePort, get, until } from '../server/helpers';
import { TestPki } from '../tls/certificates';
import { needPrograms } from '../support/binaries';

describe('end to end: a real Prometheus scrapes over HTTPS with a client certificate and basic auth', function () {
  this.timeout(90_000);
  let pki: TestPki;
  let server: ExpositionServer;
  let prometheus: ChildProcess | undefined;
  let promPort: number;

  before(async function () {
    needPrograms(this, 'prometheus');
    pki = new TestPki();
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'secure', flushIntervalMs: 0 });
    registry.register(new Counter({ name: 'secure_orders_total', description: 'Orders' })).inc(42);
    await registry.flush();
    await registry.close();

    const cert = pki.server();
    const webConfig = join(pki.dir, 'web.yml');
    writeFileSync(webConfig, [
      'tls_server_config:',
      `  cert_file: ${cert.cert}`,
      `  key_file: ${cert.key}`,
      '  client_auth_type: RequireAndVerifyClientCert',
      `  client_ca_file: ${pki.ca.cert}`,
      'basic_auth_users:',
      `  prometheus: ${bcrypt.hashSync('s3cret', 10)}`,
      '',
    ].join('\n'));
    server = await new ExpositionServer({ store, namespaces: ['secure'], port: 0, host: '127.0.0.1', webConfigFile: webConfig, logger: silentLogger }).listen();

    const client = pki.client('prometheus');
    const job = (name: string, password: string) => [
      `  - job_name: ${name}`,
      '    scheme: https',
      '    tls_config:',
      `      ca_file: ${pki.ca.cert}`,
      `      cert_file: ${client.cert}`,
      `      key_file: ${client.key}`,
      '    basic_auth:',
      '      username: prometheus',
      `      password: ${password}`,
      '    static_configs:',
      `      - targets: ['127.0.0.1:${server.port}']`,
    ];
    writeFileSync(join(pki.dir, 'prometheus.yml'), [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      ...job('https', 's3cret'),
      ...job('wrong_password', 'guess'),
      '',
    ].join('\n'));
    promPort = await freePort();
    prometheus = spawn('prometheus', [
      `--config.file=${join(pki.dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(pki.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ], { stdio: 'ignore' });
  });

  after(async () => {
    if (prometheus !== undefined && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus!.once('exit', r));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await server?.close();
    pki?.remove();
  });

  async function value(promql: string): Promise<number> {
    let result: Array<{ value: [number, string] }> = [];
    await until(async () => {
      const res = await get(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(promql)}`);
      result = JSON.parse(res.text).data.result;
      return result.length > 0;
    }, 30_000, `Prometheus to have ${promql}`);
    return Number(result[0].value[1]);
  }

  it('should store what it scraped with the right credentials, and mark the target down with the wrong ones', async () => {
    expect(await value('up{job="https"}')).to.equal(1);
    expect(await value('secure_orders_total{job="https",namespace="secure"}')).to.equal(42);
    expect(await value('up{job="wrong_password"}')).to.equal(0);
  });
});
