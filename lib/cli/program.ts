import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Command, CommanderError } from 'commander';
import type Redis from 'ioredis';
import { checkNamespace, foldedKey, namespaceKey, processesKey, processKey, seenKey, shardsKey, writersKey } from '../codec/field';
import { shardName } from '../codec/shard';
import { ConfigError } from '../errors/ConfigError';
import { UsageError } from '../errors/UsageError';
import { configFromEnv, PartialServerConfig, readConfigFile, resolveServerConfig } from '../server/config';
import { ExpositionServer } from '../server/ExpositionServer';
import { createLineLogger } from '../server/logger';
import { ACL_COMMANDS, aclRules, AclRole } from '../store/acl';
import { REDIS_TLS_SETTINGS, redisTlsOptions, RedisTlsSettings } from '../store/redisTls';
import { RedisStore } from '../store/RedisStore';
import { RedisConnection } from '../store/RedisConnection';
import { READ_FROM_VALUES, ReadFrom, RedisTopology, splitList, topologyInput } from '../store/redisTopology';
import { redisUrl } from './redisUrl';
import { dumpNamespace, formatDump } from './dump';
import type { CliIO } from './io';

/**
 * runCli runs the `instrumentor` command with `argv` (the arguments after the
 * program name) and resolves to the exit status: 0 on success, 1 when the
 * work failed (Redis unreachable), 2 for a usage or configuration error.
 * It never rejects.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), processIO());
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 1 ? 2 : err.exitCode;
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof TypeError || err instanceof RangeError) {
      io.err(`instrumentor: ${(err as Error).message}\n`);
      return 2;
    }
    io.err(`instrumentor: ${(err as Error)?.message ?? String(err)}\n`);
    return 1;
  }
}

/** createProgram builds the command tree: `serve`, `dump`, `reset` and `acl`, each with `--help`. */
export function createProgram(io: CliIO): Command {
  const program = new Command('instrumentor')
    .description('Expose, inspect and reset instrumentor namespaces: metrics that many processes record into one Redis.')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');

  const serve = program
    .command('serve')
    .description('serve namespaces for Prometheus over HTTP or HTTPS: /metrics (every namespace), /metrics/<namespace>, /healthz')
    .option('-c, --config <file>', 'JSON configuration file (env: INSTRUMENTOR_CONFIG)')
    .option('-r, --redis <url>', 'Redis URL (env: INSTRUMENTOR_REDIS_URL or REDIS_URL; default redis://127.0.0.1:6379)')
    .option('--redis-cluster <nodes>', 'Redis Cluster seed nodes, host:port,host:port (env: INSTRUMENTOR_REDIS_CLUSTER)')
    .option('--sentinels <nodes>', 'Sentinels, host:port,host:port (env: INSTRUMENTOR_SENTINELS), with --sentinel-master')
    .option('--sentinel-master <name>', 'the master name the sentinels watch (env: INSTRUMENTOR_SENTINEL_MASTER)')
    .option('--sentinel-password <password>', 'the sentinels\' own password (env: INSTRUMENTOR_SENTINEL_PASSWORD, which keeps it out of the process list)')
    .option('--redis-replica <url>', 'a replica of the standalone Redis for scrapes to read (env: INSTRUMENTOR_REDIS_REPLICA_URL)')
    .option('--read-from <where>', `where scrapes read: ${READ_FROM_VALUES.join(' or ')} (env: INSTRUMENTOR_READ_FROM; default master)`)
    .option('-n, --namespace <name>', 'a namespace to expose; repeat for several (env: INSTRUMENTOR_NAMESPACES=a,b)', collect)
    .option('-p, --port <port>', 'TCP port (env: INSTRUMENTOR_PORT; default 9464)', integer('--port'))
    .option('--host <address>', 'address to listen on (env: INSTRUMENTOR_HOST; default 0.0.0.0)')
    .option('--namespace-label <name>', 'label telling the namespace of each series on /metrics (default namespace)')
    .option('--bearer-token-file <file>', 'require this bearer token, read from a file (env: INSTRUMENTOR_BEARER_TOKEN[_FILE])')
    .option('--basic-auth-user <name>', 'require basic authentication with this user (env: INSTRUMENTOR_BASIC_AUTH_USERNAME)')
    .option('--basic-auth-password-file <file>', 'the password of --basic-auth-user, read from a file (env: INSTRUMENTOR_BASIC_AUTH_PASSWORD[_FILE])')
    .option('--cache-ms <ms>', 'reuse a read of a namespace for this long (default 0: only concurrent scrapes share a read)', integer('--cache-ms'))
    .option('--read-timeout-ms <ms>', 'answer 503 when reading a namespace takes longer (default 5000)', integer('--read-timeout-ms'))
    .option('--metrics-path <path>', 'path serving every namespace (default /metrics)')
    .option('--health-path <path>', 'health check path (default /healthz)')
    .option('--no-gzip', 'never compress answers (default: gzip when the scraper asks)')
    .option('--web.config.file <file>', 'Prometheus web configuration file: HTTPS, basic_auth_users (bcrypt), headers (env: INSTRUMENTOR_WEB_CONFIG_FILE)')
    .option('--headers-timeout-ms <ms>', 'close a connection whose request headers take longer (default 5000)', integer('--headers-timeout-ms'))
    .option('--request-timeout-ms <ms>', 'close a connection whose request takes longer to arrive (default 10000)', integer('--request-timeout-ms'))
    .option('--keep-alive-timeout-ms <ms>', 'close an idle keep-alive connection after this long (default 65000)', integer('--keep-alive-timeout-ms'))
    .option('--max-connections <n>', 'the most connections open at once (default 100)', integer('--max-connections'))
    .option('--clean-dead-processes', 'delete the data of dead processes after the retention (writes to Redis; env: INSTRUMENTOR_CLEAN_DEAD_PROCESSES)')
    .option('--process-retention-ms <ms>', 'how long a dead process\'s data is kept (default 3600000)', integer('--process-retention-ms'))
    .option('--max-field-bytes <n>', 'skip fields longer than this, in bytes (default 16384)', integer('--max-field-bytes'))
    .option('--max-value-bytes <n>', 'skip values longer than this, in bytes (default 65536)', integer('--max-value-bytes'))
    .option('--max-buckets-per-series <n>', 'the most bucket bounds of a histogram series (default 10000)', integer('--max-buckets-per-series'))
    .option('--max-quantiles-per-family <n>', 'the most quantiles of a summary (default 64)', integer('--max-quantiles-per-family'));
  redisTlsFlags(serve)
    .addHelpText(
      'after',
      '\nSettings come from the file, then the environment, then these options (later wins).\n' +
        'Example:\n  instrumentor serve --redis redis://127.0.0.1:6379 --namespace shop --namespace billing --port 9464\n',
    )
    .action(async (opts, cmd: Command) => {
      const file = opts.config ?? io.env.INSTRUMENTOR_CONFIG;
      const flags: PartialServerConfig = {
        redis: opts.redis,
        redisCluster: opts.redisCluster === undefined ? undefined : splitList(opts.redisCluster),
        sentinels: opts.sentinels === undefined ? undefined : splitList(opts.sentinels),
        sentinelMaster: opts.sentinelMaster,
        sentinelPassword: opts.sentinelPassword,
        redisReplica: opts.redisReplica,
        readFrom: opts.readFrom as ReadFrom | undefined,
        namespaces: opts.namespace,
        port: opts.port,
        host: opts.host,
        namespaceLabel: opts.namespaceLabel,
        cacheMs: opts.cacheMs,
        readTimeoutMs: opts.readTimeoutMs,
        metricsPath: opts.metricsPath,
        healthPath: opts.healthPath,
        gzip: cmd.getOptionValueSource('gzip') === 'cli' ? opts.gzip : undefined,
        webConfigFile: opts['web.config.file'],
        headersTimeoutMs: opts.headersTimeoutMs,
        requestTimeoutMs: opts.requestTimeoutMs,
        keepAliveTimeoutMs: opts.keepAliveTimeoutMs,
        maxConnections: opts.maxConnections,
        cleanDeadProcesses: opts.cleanDeadProcesses === true ? true : undefined,
        processRetentionMs: opts.processRetentionMs,
        limits: {
          maxFieldBytes: opts.maxFieldBytes,
          maxValueBytes: opts.maxValueBytes,
          maxBucketsPerSeries: opts.maxBucketsPerSeries,
          maxQuantilesPerFamily: opts.maxQuantilesPerFamily,
        },
        redisTls: redisTlsFrom(opts),
      };
      if (opts.bearerTokenFile !== undefined || opts.basicAuthUser !== undefined || opts.basicAuthPasswordFile !== undefined) {
        flags.auth = { bearerTokenFile: opts.bearerTokenFile, username: opts.basicAuthUser, passwordFile: opts.basicAuthPasswordFile };
      }
      const config = resolveServerConfig(file === undefined ? undefined : readConfigFile(file), configFromEnv(io.env), flags);
      const { redisCluster, sentinels, sentinelMaster, sentinelPassword, redisReplica, readFrom, ...options } = config;
      const redis = topologyInput({ redis: config.redis, redisCluster, sentinels, sentinelMaster, sentinelPassword, redisReplica, readFrom });
      const server = new ExpositionServer({ ...options, redis, logger: createLineLogger(io.out) });
      await server.listen();
      const signal = await (io.stopSignal ?? new Promise<string>(() => undefined));
      createLineLogger(io.out).info('received signal', { signal });
      await server.close();
    });

  const dump = program
    .command('dump')
    .description('print the raw fields of a namespace, grouped by metric, and the fields the exposition skips')
    .argument('<namespace>', 'the namespace to read')
    .option('-r, --redis <url>', 'Redis URL (env: INSTRUMENTOR_REDIS_URL or REDIS_URL; default redis://127.0.0.1:6379)')
    .option('--json', 'print JSON instead of text');
  topologyFlags(dump);
  redisTlsFlags(dump)
    .addHelpText('after', '\nExample:\n  instrumentor dump shop --redis redis://127.0.0.1:6379\n')
    .action(async (namespace: string, opts) => {
      checkNamespace(namespace);
      const redis = connectCommand(commandTopology(opts, io.env), cliRedisTls(opts, io.env));
      try {
        await reach(redis, describe(commandTopology(opts, io.env)));
        // a sharded namespace's writers are seen by each shard: a writer's last write is its latest in any shard
        const shards = Number((await redis.get(shardsKey(namespace))) ?? 1) || 1;
        const names = shards > 1 ? Array.from({ length: shards }, (_, s) => shardName(namespace, s)) : [namespace];
        const lastWrites = new Map<string, number>();
        for (const name of names) {
          const seen = await redis.zrevrange(seenKey(name), 0, -1, 'WITHSCORES');
          for (let i = 0; i < seen.length; i += 2) lastWrites.set(seen[i], Math.max(lastWrites.get(seen[i]) ?? 0, Number(seen[i + 1])));
        }
        const writers = [...lastWrites].map(([id, lastWrite]) => ({ id, lastWrite })).sort((a, b) => b.lastWrite - a.lastWrite);
        const dump = { ...(await dumpNamespace(new RedisStore(redis), namespace)), writers };
        io.out(opts.json ? JSON.stringify(dump, null, 2) + '\n' : formatDump(dump));
      } finally {
        redis.disconnect();
      }
    });

  const reset = program
    .command('reset')
    .description('delete every metric of a namespace (its Redis keys, the processes\' hashes included), after asking for confirmation')
    .argument('<namespace>', 'the namespace to delete')
    .option('-r, --redis <url>', 'Redis URL (env: INSTRUMENTOR_REDIS_URL or REDIS_URL; default redis://127.0.0.1:6379)')
    .option('-y, --yes', 'do not ask for confirmation');
  topologyFlags(reset);
  redisTlsFlags(reset)
    .addHelpText('after', '\nExample:\n  instrumentor reset shop --yes\n')
    .action(async (namespace: string, opts) => {
      checkNamespace(namespace);
      const topology = commandTopology(opts, io.env);
      const url = describe(topology);
      const redis = connectCommand(topology, cliRedisTls(opts, io.env));
      try {
        await reach(redis, url);
        // the process hashes of the writers listed in the processes hash go too, or nothing would ever delete them
        const writers = await redis.hkeys(processesKey(namespace));
        const shards = Number((await redis.get(shardsKey(namespace))) ?? 1) || 1;
        const keys = [namespaceKey(namespace), writersKey(namespace), seenKey(namespace), processesKey(namespace), foldedKey(namespace), ...writers.map((w) => processKey(namespace, w))];
        // a sharded namespace's shards each have their own hash tag: one DEL per shard, as a Cluster takes only one slot a command
        const names = shards > 1 ? Array.from({ length: shards }, (_, s) => shardName(namespace, s)) : [];
        const shardKeys = names.map((n) => [namespaceKey(n), writersKey(n), seenKey(n), foldedKey(n), ...writers.map((w) => processKey(n, w))]);
        if (shards > 1) keys.push(shardsKey(namespace));
        let fields = await redis.hlen(keys[0]);
        for (const n of names) fields += await redis.hlen(namespaceKey(n));
        const where = shards > 1 ? `${shards} shards ${namespaceKey(shardName(namespace, 0))} …` : keys[0];
        if (!opts.yes) {
          const answer = await ask(io, `Delete namespace "${namespace}" (${fields} field(s) in ${where}) from ${url}? [y/N] `);
          if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('not confirmed: nothing deleted (pass --yes to skip the question)', '--yes');
        }
        let deleted = await redis.del(...keys);
        for (const k of shardKeys) deleted += await redis.del(...k);
        io.out(`deleted namespace "${namespace}": ${fields} field(s), ${deleted} key(s)\n`);
      } finally {
        redis.disconnect();
      }
    });

  program
    .command('acl')
    .description(`print the Redis ACL rules of a role (${Object.keys(ACL_COMMANDS).join(', ')}), limited to the namespaces named`)
    .argument('<role>', 'writer (applications), reader (serve), dump or reset')
    .argument('[namespace...]', 'the namespaces the user may use (default: every namespace)')
    .addHelpText('after', '\nExample (a line of a Redis ACL file):\n  echo "user metrics-reader on >secret $(instrumentor acl reader shop)" >> /etc/redis/users.acl\n')
    .action((role: string, namespaces: string[]) => {
      if (!(role in ACL_COMMANDS)) throw new UsageError(`role must be one of ${Object.keys(ACL_COMMANDS).join(', ')}, got ${JSON.stringify(role)}`, '<role>');
      io.out(aclRules(role as AclRole, namespaces) + '\n');
    });

  return program;
}

/** topologyFlags adds the options naming a Redis Cluster or Sentinel to a one-shot command (which reads and writes the master). */
function topologyFlags(command: Command): Command {
  return command
    .option('--redis-cluster <nodes>', 'Redis Cluster seed nodes, host:port,host:port (env: INSTRUMENTOR_REDIS_CLUSTER)')
    .option('--sentinels <nodes>', 'Sentinels, host:port,host:port (env: INSTRUMENTOR_SENTINELS), with --sentinel-master')
    .option('--sentinel-master <name>', 'the master name the sentinels watch (env: INSTRUMENTOR_SENTINEL_MASTER)')
    .option('--sentinel-password <password>', 'the sentinels\' own password (env: INSTRUMENTOR_SENTINEL_PASSWORD, which keeps it out of the process list)');
}

/** commandTopology is the Redis of a one-shot command: its options, over the environment; always the master. */
function commandTopology(opts: Record<string, string | undefined>, env: NodeJS.ProcessEnv): RedisTopology {
  const list = (v: string | undefined) => (v === undefined || v === '' ? undefined : splitList(v));
  const cluster = list(opts.redisCluster);
  const sentinels = list(opts.sentinels);
  const fromFlags = cluster !== undefined || sentinels !== undefined || opts.redis !== undefined;
  return {
    redis: redisUrl(opts.redis, env),
    redisCluster: fromFlags ? cluster : list(env.INSTRUMENTOR_REDIS_CLUSTER),
    sentinels: fromFlags ? sentinels : list(env.INSTRUMENTOR_SENTINELS),
    sentinelMaster: opts.sentinelMaster ?? (env.INSTRUMENTOR_SENTINEL_MASTER || undefined),
    sentinelPassword: opts.sentinelPassword ?? (env.INSTRUMENTOR_SENTINEL_PASSWORD || undefined),
  };
}

/** describe names the Redis of a topology for messages, its password hidden. */
function describe(t: RedisTopology): string {
  if (t.redisCluster !== undefined && t.redisCluster.length > 0) return `Redis Cluster ${t.redisCluster.map(redactUrl).join(',')}`;
  if (t.sentinels !== undefined && t.sentinels.length > 0) return `master ${t.sentinelMaster ?? '?'} of sentinels ${t.sentinels.map(redactUrl).join(',')}`;
  return redactUrl(t.redis);
}

/** redisTlsFlags adds the options for TLS to Redis to a command. */
function redisTlsFlags(command: Command): Command {
  return command
    .option(`${REDIS_TLS_SETTINGS.caFile.option} <file>`, `CA certificates of Redis' certificate, PEM (env: ${REDIS_TLS_SETTINGS.caFile.env})`)
    .option(`${REDIS_TLS_SETTINGS.certFile.option} <file>`, `client certificate for Redis, PEM (env: ${REDIS_TLS_SETTINGS.certFile.env})`)
    .option(`${REDIS_TLS_SETTINGS.keyFile.option} <file>`, `key of the client certificate, PEM (env: ${REDIS_TLS_SETTINGS.keyFile.env})`)
    .option(`${REDIS_TLS_SETTINGS.serverName.option} <name>`, `name Redis' certificate must carry (env: ${REDIS_TLS_SETTINGS.serverName.env}; default the URL's host)`);
}

/** redisTlsFrom picks the TLS settings out of a command's options. */
function redisTlsFrom(opts: Record<string, string | undefined>): RedisTlsSettings | undefined {
  const tls = { caFile: opts.redisTlsCaFile, certFile: opts.redisTlsCertFile, keyFile: opts.redisTlsKeyFile, serverName: opts.redisTlsServerName };
  return Object.values(tls).some((v) => v !== undefined) ? tls : undefined;
}

/** cliRedisTls is the TLS to Redis of a one-shot command: its options, over the environment. */
function cliRedisTls(opts: Record<string, string | undefined>, env: NodeJS.ProcessEnv) {
  const settings: RedisTlsSettings = {};
  for (const [k, names] of Object.entries(REDIS_TLS_SETTINGS)) settings[k as keyof RedisTlsSettings] = env[names.env] || undefined;
  const given = redisTlsFrom(opts) ?? {};
  for (const [k, v] of Object.entries(given)) if (v !== undefined) settings[k as keyof RedisTlsSettings] = v;
  const t = commandTopology(opts, env);
  const node = t.redisCluster?.[0] ?? t.sentinels?.[0];
  const url = node === undefined ? t.redis : /^rediss?:\/\//i.test(node) ? node : `redis://${node}`;
  return redisTlsOptions(url, settings, 'command line');
}

function packageVersion(): string {
  try {
    // lib/cli and dist/cli both sit two levels below the package root
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function integer(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${option} must be a whole number >= 0, got ${JSON.stringify(value)}`, option);
    return n;
  };
}

/** connectCommand makes the connection of a one-shot command: it connects in `reach` and never reconnects; `tls` is used for a rediss:// URL. */
function connectCommand(topology: RedisTopology, tls?: ConnectionOptions): Redis {
  return new RedisConnection(topologyInput(topology), 'command', 5000, tls).client as Redis;
}

async function reach(redis: Redis, where: string): Promise<void> {
  try {
    await redis.connect();
  } catch (err) {
    throw new Error(`cannot reach Redis at ${where}: ${(err as Error).message}`);
  }
}

/** ask writes a question and resolves to the first line of the answer ('' when input ends first). */
function ask(io: CliIO, question: string): Promise<string> {
  io.out(question);
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, terminal: false });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) resolve('');
    });
  });
}

/** redactUrl hides the password of a Redis URL for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
