import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
import { startRedisCluster } from '@multi-tier-cache/test-servers';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import type { Row } from '../harness.js';
import { benchL2Hit } from '../l2-hit.js';

/** L2-hit rows for both Redis stores on a 3-master Redis Cluster, against each raw cluster client. */
export async function clusterRows(): Promise<Row[]> {
  const cluster = await startRedisCluster({ masters: 3 });
  const nodes = cluster.nodes.map(({ host, port }) => ({ host, port }));
  const rawIoredis = new Cluster(nodes);
  const rawNodeRedis = createCluster({ rootNodes: cluster.urls.map((url) => ({ url })) });
  await rawNodeRedis.connect();
  try {
    return [
      ...(await benchL2Hit(
        'ioredis cluster',
        ioredisStore({ clusterNodes: nodes, prefix: 'bench:ioc:' }),
        {
          write: (key, json) => rawIoredis.set(key, json, 'EX', 3600),
          read: async (key) => JSON.parse((await rawIoredis.get(key))!),
        },
      )),
      ...(await benchL2Hit(
        'node-redis cluster',
        nodeRedisStore({ rootNodes: nodes, prefix: 'bench:nrc:' }),
        {
          write: (key, json) => rawNodeRedis.set(key, json, { EX: 3600 }),
          read: async (key) => JSON.parse((await rawNodeRedis.get(key))!),
        },
      )),
    ];
  } finally {
    rawIoredis.disconnect();
    rawNodeRedis.destroy();
    await cluster.stop();
  }
}
