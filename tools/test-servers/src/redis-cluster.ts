import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { requireBinary } from './binaries.js';
import { freePort } from './free-port.js';
import { redisArgs, waitForRedis } from './redis-server.js';
import { ServerProcess } from './server-process.js';
import { ask, redisCommand, waitUntil } from './wait-for.js';

const run = promisify(execFile);

/** One node of a {@link RedisCluster}. */
export interface ClusterNode {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly process: ServerProcess;
}

/**
 * A real Redis Cluster of several masters on loopback ports.
 *
 * @example
 * ```ts
 * const cluster = await startRedisCluster({ masters: 3 });
 * const client = new Cluster(cluster.nodes.map(({ host, port }) => ({ host, port })));
 * ```
 */
export interface RedisCluster {
  readonly nodes: readonly ClusterNode[];
  /** `redis://127.0.0.1:port` of every node. */
  readonly urls: readonly string[];
  /** SIGKILL one node. */
  killNode(index: number): Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** @default 3 */
  readonly masters?: number;
  /** Replicas per master. @default 0 */
  readonly replicas?: number;
}

/**
 * Starts `masters × (1 + replicas)` redis-server nodes in cluster mode, joins them with
 * `redis-cli --cluster create`, and waits until every node reports `cluster_state:ok`.
 *
 * @example
 * ```ts
 * const cluster = await startRedisCluster();
 * await cluster.stop();
 * ```
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const binary = requireBinary('redis-server');
  const cli = requireBinary('redis-cli');
  const count = (options.masters ?? 3) * (1 + (options.replicas ?? 0));
  const nodes: ClusterNode[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort(10000);
    const process = new ServerProcess(binary, () => [
      ...redisArgs(port),
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-node-timeout',
      '2000',
      '--cluster-require-full-coverage',
      'no',
      '--cluster-allow-reads-when-down',
      'yes',
    ]);
    process.start();
    nodes.push({ host: '127.0.0.1', port, process });
  }
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.process.dispose()));
  };
  try {
    await Promise.all(nodes.map((node) => waitForRedis(node.port, node.process)));
    await run(cli, [
      '--cluster',
      'create',
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      '--cluster-replicas',
      String(options.replicas ?? 0),
      '--cluster-yes',
    ]);
    await waitUntil(
      'cluster_state:ok on every node',
      async () => {
        const states = await Promise.all(
          nodes.map((node) => ask(node.port, redisCommand('CLUSTER', 'INFO'))),
        );
        return states.every((state) => state.includes('cluster_state:ok'));
      },
      30_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes,
    urls: nodes.map((node) => `redis://127.0.0.1:${node.port}`),
    killNode: (index) => nodes[index]!.process.stop('SIGKILL'),
    stop,
  };
}
