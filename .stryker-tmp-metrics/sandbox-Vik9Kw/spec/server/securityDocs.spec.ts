// @ts-nocheck
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { ACL_COMMANDS, aclRules, AclRole } from '../../lib/store/acl';
import { REDIS_TLS_SETTINGS } from '../../lib/store/redisTls';
import { parseWebConfig } from '../../lib/server/webConfig';
import { DEFAULT_READER_LIMITS } from '../../lib/exposition/decode/ReaderLimits';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');

function blocks(language: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

describe('docs/security.md', () => {
  it('should list every limit of the reader with its default', () => {
    const section = DOC.slice(DOC.indexOf('### Bounds on what a reader does with hostile fields'), DOC.indexOf('### Memory bounds of a recording process'));
    for (const [name, value] of Object.entries(DEFAULT_READER_LIMITS)) expect(section, name).to.contain(`| ${value} (\`${name}\`) |`);
  });

  it('should show a web configuration file the server reads', () => {
    const [file] = blocks('yaml').filter((b) => b.includes('tls_server_config'));
    const config = parseWebConfig(file, '/etc/instrumentor/web.yml');
    expect(config.tls).to.include({ certFile: '/etc/instrumentor/server.crt', clientAuthType: 'RequireAndVerifyClientCert' });
    expect([...config.users.keys()]).to.deep.equal(['prometheus']);
  });

  it('should show a scrape configuration that is YAML with the settings Prometheus knows', () => {
    const [scrape] = blocks('yaml').filter((b) => b.includes('scrape_configs'));
    const job = parse(scrape).scrape_configs[0];
    expect(Object.keys(job).sort()).to.deep.equal(['basic_auth', 'job_name', 'scheme', 'static_configs', 'tls_config']);
  });

  it('should list the commands of every ACL role as lib/store/acl.ts does, and print the rules it shows', () => {
    for (const role of Object.keys(ACL_COMMANDS) as AclRole[]) {
      const row = new RegExp('^\\| `' + role + '` \\|[^|]*\\| `([^`]*)` \\|$', 'm').exec(DOC);
      expect(row, role).not.to.equal(null);
      expect(row![1].split(' '), role).to.deep.equal(ACL_COMMANDS[role]);
    }
    expect(DOC).to.contain('$ instrumentor acl reader shop\n' + aclRules('reader', ['shop']) + '\n');
  });

  it('should name every setting of TLS to Redis', () => {
    for (const [key, names] of Object.entries(REDIS_TLS_SETTINGS)) {
      for (const name of [`redisTls.${key}`, names.env, names.option]) expect(DOC, name).to.contain('`' + name + '`');
    }
  });

  it('should keep the sections the other bounds are described in', () => {
    expect(DOC).to.contain('### Bounds on what a reader does with hostile fields');
    expect(DOC).to.contain('### Memory bounds of a recording process');
  });
});
