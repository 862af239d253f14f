import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.js';
import { freePort } from './free-port.js';
import { type RedisServer, startRedis } from './redis-server.js';
import { ServerProcess } from './server-process.js';
import { ask, redisCommand, waitUntil } from './wait-for.js';

/**
 * A master, a replica and three sentinels watching them under {@link SentinelSet.masterName}.
 *
 * @example
 * ```ts
 * const set = await startSentinelSet();
 * const client = new Redis({ sentinels: set.sentinels, name: set.masterName });
 * await set.master.kill(); // the sentinels promote the replica
 * ```
 */
export interface SentinelSet {
  readonly masterName: string;
  readonly master: RedisServer;
  readonly replica: RedisServer;
  readonly sentinels: readonly { readonly host: '127.0.0.1'; readonly port: number }[];
  /** host:port of the master the sentinels name now. */
  currentMaster(): Promise<{ host: string; port: number }>;
  stop(): Promise<void>;
}

/** Options of {@link startSentinelSet}. */
export interface SentinelSetOptions {
  /** @default 'mymaster' */
  readonly masterName?: string;
  /** Sentinel's down-after-milliseconds. @default 1000 */
  readonly downAfterMs?: number;
}

/**
 * Starts a master, a replica of it and three redis-sentinel processes (quorum 2), and waits until
 * the sentinels know the replica and each other.
 *
 * @example
 * ```ts
 * const set = await startSentinelSet({ downAfterMs: 500 });
 * ```
 */
export async function startSentinelSet(options: SentinelSetOptions = {}): Promise<SentinelSet> {
  const masterName = options.masterName ?? 'mymaster';
  const sentinelBinary = requireBinary('redis-sentinel');
  const master = await startRedis();
  const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
  const sentinels: { host: '127.0.0.1'; port: number; process: ServerProcess }[] = [];
  const stop = async () => {
    await Promise.all(sentinels.map((sentinel) => sentinel.process.dispose()));
    await Promise.all([master.stop(), replica.stop()]);
  };
  try {
    await waitUntil('replica in sync', async () =>
      (await ask(replica.port, redisCommand('INFO', 'replication'))).includes(
        'master_link_status:up',
      ),
    );
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const process = new ServerProcess(sentinelBinary, (dir) => {
        const config = join(dir, 'sentinel.conf');
        writeFileSync(
          config,
          [
            `port ${port}`,
            'bind 127.0.0.1',
            `dir ${dir}`,
            `sentinel monitor ${masterName} 127.0.0.1 ${master.port} 2`,
            `sentinel down-after-milliseconds ${masterName} ${options.downAfterMs ?? 1000}`,
            `sentinel failover-timeout ${masterName} 5000`,
            `sentinel parallel-syncs ${masterName} 1`,
            '',
          ].join('\n'),
        );
        return [config];
      });
      process.start();
      sentinels.push({ host: '127.0.0.1', port, process });
    }
    await waitUntil(
      'sentinels to see the replica and each other',
      async () => {
        const replies = await Promise.all(
          sentinels.map((sentinel) =>
            ask(sentinel.port, redisCommand('SENTINEL', 'MASTER', masterName)),
          ),
        );
        return replies.every(
          (reply) =>
            /num-slaves\r\n\$1\r\n1\r\n/.test(reply) &&
            /num-other-sentinels\r\n\$1\r\n2\r\n/.test(reply),
        );
      },
      30_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    masterName,
    master,
    replica,
    sentinels: sentinels.map(({ host, port }) => ({ host, port })),
    async currentMaster() {
      const reply = await ask(
        sentinels[0]!.port,
        redisCommand('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName),
      );
      const [, host, port] = /\$\d+\r\n([^\r]+)\r\n\$\d+\r\n(\d+)\r\n/.exec(reply) ?? [];
      return { host: host ?? '', port: Number(port) };
    },
    stop,
  };
}
