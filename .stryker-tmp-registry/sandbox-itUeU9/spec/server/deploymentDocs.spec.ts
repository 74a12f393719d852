// @ts-nocheck
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import * as lib from '../../lib';
import { readConfigFile, resolveServerConfig } from '../../lib/server/config';
import { promtool } from '../support/promtool';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'deployment.md'), 'utf8');

function blocks(language: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

describe('docs/deployment.md', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'instrumentor-docs-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should show a configuration file the server reads', () => {
    const [json] = blocks('json');
    const path = join(dir, 'server.json');
    writeFileSync(path, json);
    const file = readConfigFile(path);
    expect(file.namespaces).to.deep.equal(['shop', 'billing']);
    const secret = join(dir, 'password');
    writeFileSync(secret, 'pw\n');
    const config = resolveServerConfig({ ...file, auth: { ...file.auth, passwordFile: secret } });
    expect(config.auth).to.deep.equal({ username: 'prometheus', password: 'pw' });
  });

  it('should show scrape configurations that promtool accepts', function () {
    const configs = blocks('yaml').filter((b) => b.includes('scrape_configs:'));
    expect(configs).to.have.length(2);
    for (const [i, config] of configs.entries()) {
      const path = join(dir, `prometheus-${i}.yml`);
      writeFileSync(path, config);
      const result = promtool(this, ['check', 'config', path]);
      expect(result.status, result.output).to.equal(0);
    }
  });

  it('should give a unit-test example that renders what it says', async () => {
    const example = blocks('ts').find((b) => b.includes('MemoryStore'))!;
    const expected = /\/\/ '(.*)'\n/.exec(example)![1].replace(/\\n/g, '\n');
    const { CollectorRegistry, Counter, MemoryStore, createMetricsHandler } = lib;
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'test', flushIntervalMs: 0 });
    registry.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc(2);
    await registry.flush();
    const text = await createMetricsHandler({ store, namespaces: ['test'] }).render('text', 'test');
    expect(text).to.equal(expected);
    expect(example).to.contain("registry.register(new Counter({ name: 'hits_total', description: 'Hits' })).inc(2);");
  });

  it('should list every environment variable the server reads', () => {
    const source = readFileSync(join(__dirname, '..', '..', 'lib', 'server', 'config.ts'), 'utf8');
    const read = new Set([...source.matchAll(/str\('([A-Z_]+)'\)|num\('([A-Z_]+)'\)/g)].map((m) => m[1] ?? m[2]));
    for (const name of read) expect(DOC, name).to.contain('`' + name + '`');
  });
});
