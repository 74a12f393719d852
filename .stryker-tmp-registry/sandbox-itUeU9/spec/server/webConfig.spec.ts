// @ts-nocheck
import { expect } from 'chai';
import { parseWebConfig } from '../../lib/server/webConfig';

const HASH = '$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG';

describe('server/webConfig', () => {
  describe('parseWebConfig', () => {
    it('should read the exporter-toolkit format, resolving file names against the file', () => {
      const c = parseWebConfig(
        [
          'tls_server_config:',
          '  cert_file: server.crt',
          '  key_file: /etc/tls/server.key',
          '  client_auth_type: RequireAndVerifyClientCert',
          '  client_ca_file: ca.crt',
          '  min_version: TLS13',
          '  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]',
          '  curve_preferences: [X25519, CurveP256]',
          'http_server_config:',
          '  http2: false',
          '  headers:',
          '    X-Frame-Options: sameorigin',
          '    Strict-Transport-Security: max-age=31536000; includeSubDomains',
          'basic_auth_users:',
          `  alice: ${HASH}`,
          'rate_limit:',
          '  interval: 1m30s',
          '  burst: 5',
        ].join('\n'),
        '/srv/web.yml',
      );
      expect(c.tls).to.include({
        certFile: '/srv/server.crt',
        keyFile: '/etc/tls/server.key',
        clientCaFile: '/srv/ca.crt',
        clientAuthType: 'RequireAndVerifyClientCert',
        minVersion: 'TLSv1.3',
        maxVersion: 'TLSv1.3',
        preferServerCipherSuites: true,
      });
      expect(c.tls!.cipherSuites).to.deep.equal(['ECDHE-RSA-AES128-GCM-SHA256']);
      expect(c.tls!.curvePreferences).to.deep.equal(['X25519', 'P-256']);
      expect(c.http2).to.equal(false);
      expect(c.headers).to.deep.equal({ 'X-Frame-Options': 'sameorigin', 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' });
      expect([...c.users]).to.deep.equal([['alice', HASH]]);
      expect(c.rateLimit).to.deep.equal({ intervalMs: 90_000, burst: 5 });
    });

    it('should read an empty file as plain HTTP without users', () => {
      const c = parseWebConfig('', '/srv/web.yml');
      expect(c.tls).to.equal(undefined);
      expect(c.users.size).to.equal(0);
      expect(c.rateLimit).to.equal(undefined);
    });

    const bad: Array<[string, RegExp]> = [
      ['tls_server_config:\n  cert_file: a.crt\n', /tls_server_config: missing one of key or key_file/],
      ['tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Sometimes\n', /client_auth_type: unknown policy "Sometimes"/],
      ['tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n', /without a client auth policy/],
      ['tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n', /client_ca_file: RequireAndVerifyClientCert needs the CA/],
      ['tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n', /min_version: unknown TLS version "TLS14"/],
      ['tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n', /above max_version/],
      ['tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites: [RC4]\n', /cipher_suites: unknown name "RC4"/],
      ['tls_server_config:\n  cert_file: a\n  key_file: b\n  cert_flie: c\n', /tls_server_config.cert_flie: unknown setting/],
      ['http_server_config:\n  headers:\n    Server: nginx\n', /headers.Server: this header can not be configured/],
      ['http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n', /must be one of "nosniff"/],
      ['basic_auth_users:\n  alice: hunter2\n', /basic_auth_users.alice: must be a bcrypt hash/],
      ['rate_limit:\n  interval: soon\n  burst: 1\n', /rate_limit.interval: must be a duration/],
      ['web_config: {}\n', /web_config: unknown setting/],
      ['basic_auth_users:\n  alice: a\n  alice: b\n', /cannot read it as YAML/],
    ];
    for (const [text, message] of bad) {
      it(`should refuse ${JSON.stringify(text.split('\n').slice(-2, -1)[0] ?? text)} with a message naming the setting`, () => {
        expect(() => parseWebConfig(text, '/srv/web.yml')).to.throw(message);
      });
    }
  });
});
