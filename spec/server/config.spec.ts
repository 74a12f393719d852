import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError } from '../../lib/errors/ConfigError';
import { configFromEnv, DEFAULT_SERVER_CONFIG, readConfigFile, resolveServerConfig } from '../../lib/server/config';

describe('server/config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'instrumentor-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  describe('resolveServerConfig', () => {
    it('should let the environment win over the file, and options over both, setting by setting', () => {
      const fromFile = readConfigFile(file('c.json', JSON.stringify({ redis: 'redis://file:6379', namespaces: ['a'], port: 1000, cacheMs: 50 })));
      const fromEnv = configFromEnv({ INSTRUMENTOR_NAMESPACES: 'b, c', INSTRUMENTOR_PORT: '2000' });
      const config = resolveServerConfig(fromFile, fromEnv, { port: 3000, host: undefined });
      expect(config).to.deep.equal({
        ...DEFAULT_SERVER_CONFIG,
        redis: 'redis://file:6379',
        namespaces: ['b', 'c'],
        port: 3000,
        cacheMs: 50,
      });
    });

    it('should take the web configuration file, timeouts, connection cap and TLS to Redis from each source', () => {
      const ca = file('ca.crt', 'CA PEM');
      const fromFile = readConfigFile(file('c.json', JSON.stringify({
        redis: 'rediss://redis:6380', namespaces: ['a'], webConfigFile: '/etc/web.yml', maxConnections: 10, redisTls: { caFile: ca },
      })));
      const fromEnv = configFromEnv({ INSTRUMENTOR_HEADERS_TIMEOUT_MS: '2000', INSTRUMENTOR_REDIS_TLS_SERVER_NAME: 'redis.internal' });
      const config = resolveServerConfig(fromFile, fromEnv, { requestTimeoutMs: 3000, keepAliveTimeoutMs: 0 });
      expect(config).to.include({ webConfigFile: '/etc/web.yml', maxConnections: 10, headersTimeoutMs: 2000, requestTimeoutMs: 3000, keepAliveTimeoutMs: 0 });
      expect(config.redisTls).to.deep.equal({ ca: Buffer.from('CA PEM'), servername: 'redis.internal' });
    });

    it("should take the reader's limits from each source, limit by limit, and refuse one that is not a whole number >= 1", () => {
      const fromFile = readConfigFile(file('l.json', JSON.stringify({ namespaces: ['a'], limits: { maxFieldBytes: 100, maxValueBytes: 200 } })));
      const fromEnv = configFromEnv({ INSTRUMENTOR_MAX_VALUE_BYTES: '300', INSTRUMENTOR_MAX_BUCKETS_PER_SERIES: '50' });
      const config = resolveServerConfig(fromFile, fromEnv, { limits: { maxQuantilesPerFamily: 8, maxBucketsPerSeries: undefined } });
      expect(config.limits).to.deep.equal({ maxFieldBytes: 100, maxValueBytes: 300, maxBucketsPerSeries: 50, maxQuantilesPerFamily: 8 });
      expect(DEFAULT_SERVER_CONFIG.limits).to.deep.equal({});
      expect(() => resolveServerConfig({ namespaces: ['a'], limits: { maxFieldBytes: 0 } })).to.throw(ConfigError, /limits\.maxFieldBytes: must be a whole number >= 1/);
      expect(() => readConfigFile(file('m.json', JSON.stringify({ limits: { maxFields: 1 } })))).to.throw(ConfigError, /limits\.maxFields: unknown setting/);
    });

    it('should refuse limits that cannot work and TLS settings that cannot be used', () => {
      expect(() => resolveServerConfig({ namespaces: ['a'], headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).to.throw(ConfigError, /requestTimeoutMs: must be at least headersTimeoutMs/);
      expect(() => resolveServerConfig({ namespaces: ['a'], maxConnections: 0 })).to.throw(ConfigError, /maxConnections/);
      expect(() => resolveServerConfig({ namespaces: ['a'], redisTls: { caFile: '/x' } })).to.throw(ConfigError, /not rediss:\/\//);
      expect(() => readConfigFile(file('t.json', JSON.stringify({ redisTls: { ca: 'x' } })))).to.throw(ConfigError, /redisTls.ca: unknown setting/);
    });

    it('should read secrets from files', () => {
      const token = file('token', 'tok-1\n');
      expect(resolveServerConfig({ namespaces: ['a'], auth: { bearerTokenFile: token } }).auth).to.deep.equal({ bearerToken: 'tok-1' });
      const password = file('password', 'pw\n');
      const env = configFromEnv({ INSTRUMENTOR_BASIC_AUTH_USERNAME: 'prom', INSTRUMENTOR_BASIC_AUTH_PASSWORD_FILE: password });
      expect(resolveServerConfig({ namespaces: ['a'] }, env).auth).to.deep.equal({ username: 'prom', password: 'pw' });
    });

    it('should merge the auth settings one by one across the file, the environment and the options', () => {
      const password = file('password', 'pw\n');
      const token = file('token', 'tok-1\n');
      // a user given as an option, its password in the environment
      const env = configFromEnv({ INSTRUMENTOR_BASIC_AUTH_PASSWORD: 'from-env' });
      const flags = { auth: { bearerTokenFile: undefined, username: 'prom', passwordFile: undefined } };
      expect(resolveServerConfig({ namespaces: ['a'] }, env, flags).auth).to.deep.equal({ username: 'prom', password: 'from-env' });
      // a user in the file, the password file in the environment; a later password file replaces an earlier inline password
      const fromFile = { namespaces: ['a'], auth: { username: 'file-user', password: 'from-file' } };
      const envFile = configFromEnv({ INSTRUMENTOR_BASIC_AUTH_PASSWORD_FILE: password });
      expect(resolveServerConfig(fromFile, envFile).auth).to.deep.equal({ username: 'file-user', password: 'pw' });
      // a later bearer token replaces an earlier basic authentication, and the other way round
      expect(resolveServerConfig(fromFile, { auth: { bearerTokenFile: token } }).auth).to.deep.equal({ bearerToken: 'tok-1' });
      expect(resolveServerConfig({ namespaces: ['a'], auth: { bearerToken: 't' } }, { auth: { username: 'u', password: 'p' } }).auth).to.deep.equal({
        username: 'u',
        password: 'p',
      });
    });

    it('should throw a ConfigError without a namespace, or with half a basic authentication', () => {
      expect(() => resolveServerConfig({})).to.throw(ConfigError, /no namespace to expose/);
      expect(() => resolveServerConfig({ namespaces: ['a'], auth: { username: 'x' } })).to.throw(ConfigError, /both a username and a password/);
      expect(() => resolveServerConfig({ namespaces: ['a'], port: 99999 })).to.throw(ConfigError, /port/);
      expect(() => resolveServerConfig({ namespaces: ['a'], auth: { bearerTokenFile: join(dir, 'missing') } })).to.throw(ConfigError, /cannot read the secret/);
    });
  });

  describe('readConfigFile', () => {
    it('should name the file and the setting when something is wrong', () => {
      const bad = file('bad.json', '{ "port": "9464" }');
      expect(() => readConfigFile(bad)).to.throw(ConfigError, `${bad}: port: must be a number`);
      expect(() => readConfigFile(file('typo.json', '{ "namespace": ["a"] }'))).to.throw(ConfigError, /namespace: unknown setting/);
      expect(() => readConfigFile(file('broken.json', '{'))).to.throw(ConfigError, /cannot read it as JSON/);
      expect(() => readConfigFile(join(dir, 'none.json'))).to.throw(ConfigError, /none\.json/);
    });
  });

  describe('configFromEnv', () => {
    it('should read every variable and fall back to REDIS_URL', () => {
      expect(
        configFromEnv({
          REDIS_URL: 'redis://r:1',
          INSTRUMENTOR_HOST: '::',
          INSTRUMENTOR_GZIP: 'false',
          INSTRUMENTOR_READ_TIMEOUT_MS: '100',
          INSTRUMENTOR_NAMESPACE_LABEL: 'app',
          INSTRUMENTOR_BEARER_TOKEN: 't',
        }),
      ).to.deep.equal({
        redis: 'redis://r:1',
        host: '::',
        gzip: false,
        readTimeoutMs: 100,
        namespaceLabel: 'app',
        auth: { bearerToken: 't' },
      });
      expect(configFromEnv({ REDIS_URL: 'redis://r:1', INSTRUMENTOR_REDIS_URL: 'redis://i:2' }).redis).to.equal('redis://i:2');
    });

    it('should throw a ConfigError naming the variable for a value it cannot read', () => {
      expect(() => configFromEnv({ INSTRUMENTOR_PORT: 'x' })).to.throw(ConfigError, /INSTRUMENTOR_PORT/);
      expect(() => configFromEnv({ INSTRUMENTOR_GZIP: 'maybe' })).to.throw(ConfigError, /INSTRUMENTOR_GZIP/);
    });
  });
});
