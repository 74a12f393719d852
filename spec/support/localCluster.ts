import { spawnSync } from 'node:child_process';
import { Cluster, ClusterOptions } from 'ioredis';
import { OwnedRedis, startRedis, waitFor } from './redisServer';

/** A Redis Cluster of throwaway redis-servers a test or benchmark owns. */
export interface LocalCluster {
  /** Every node, masters first as created (replicas after them). */
  readonly nodes: OwnedRedis[];
  /** The ports of the nodes, as seeds for a client. */
  readonly ports: number[];
  /** client makes a Cluster client seeded with every node; the caller closes it. */
  client(options?: ClusterOptions): Cluster;
  /** cli runs redis-cli against a node's port and returns its output. */
  cli(port: number, ...args: string[]): string;
  /** masterOf is the port of the master that serves `key` now. */
  masterOf(key: string): number;
  /** stop kills every node and deletes their folders. */
  stop(): Promise<void>;
}

/**
 * startCluster starts `masters` masters with `replicas` replicas each, joins
 * them with `redis-cli --cluster create` (slots split evenly, in order) and
 * waits until every node says the cluster is ok and every replica is in sync.
 */
export async function startCluster(masters: number, replicas = 0, extra: string[] = []): Promise<LocalCluster> {
  const nodes: OwnedRedis[] = [];
  const cli = (port: number, ...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout;
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      nodes.push(await startRedis(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-announce-ip', '127.0.0.1', ...extra]));
    }
    if (masters >= 3) {
      const create = spawnSync(
        'redis-cli',
        ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'],
        { encoding: 'utf8' },
      );
      if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    } else {
      // redis-cli --cluster create wants three masters: fewer are joined by hand, the slots split evenly in order, without replicas
      if (replicas > 0) throw new Error('a cluster of fewer than 3 masters is started without replicas');
      nodes.forEach((n, i) => {
        const from = Math.floor((16384 * i) / masters);
        const to = Math.floor((16384 * (i + 1)) / masters) - 1;
        if (cli(n.port, 'cluster', 'addslotsrange', String(from), String(to)).trim() !== 'OK') throw new Error(`cannot give slots ${from}-${to} to ${n.port}`);
        if (i > 0) cli(n.port, 'cluster', 'meet', '127.0.0.1', String(nodes[0].port));
      });
    }
    await waitFor(() => nodes.every((n) => {
      const info = cli(n.port, 'cluster', 'info');
      return info.includes('cluster_state:ok') && info.includes('cluster_slots_assigned:16384') && info.includes(`cluster_known_nodes:${nodes.length}\r`);
    }), 30_000);
    if (replicas > 0) {
      await waitFor(() => nodes.filter((n) => cli(n.port, 'role').startsWith('slave')).every((n) => /master_link_status:up/.test(cli(n.port, 'info', 'replication'))), 30_000);
    }
  } catch (err) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw err;
  }
  const ports = nodes.map((n) => n.port);
  return {
    nodes,
    ports,
    client: (options) => new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })), options),
    cli,
    masterOf(key: string): number {
      const slot = Number(cli(ports[0], 'cluster', 'keyslot', key).trim());
      for (const node of nodes) {
        if (node.process.exitCode !== null || node.process.signalCode !== null) continue;
        const lines = cli(node.port, 'cluster', 'nodes').split('\n');
        for (const line of lines) {
          const parts = line.split(' ');
          if (!parts[2]?.includes('master') || parts[2].includes('fail')) continue;
          for (const range of parts.slice(8)) {
            const [from, to] = range.split('-').map(Number);
            if (slot >= from && slot <= (to ?? from)) return Number(/:(\d+)@/.exec(parts[1])![1]);
          }
        }
        break;
      }
      throw new Error(`no master serves slot ${slot}`);
    },
    stop: () => Promise.all(nodes.map((n) => n.stop())).then(() => undefined),
  };
}
