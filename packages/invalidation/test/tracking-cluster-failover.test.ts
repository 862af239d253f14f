import { type RedisCluster, startRedisCluster } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { until } from './helpers.js';
import { type TrackedPair, trackedPair } from './tracking-deployments.js';

async function ask<T>(port: number, run: (node: Redis) => Promise<T>): Promise<T> {
  const node = new Redis(port, { lazyConnect: true, retryStrategy: () => null });
  node.on('error', () => {});
  try {
    await node.connect();
    return await run(node);
  } finally {
    node.disconnect();
  }
}

/** The port of the master that owns `redisKey` now, as the node on `askPort` sees it. */
function ownerOf(askPort: number, redisKey: string): Promise<number> {
  return ask(askPort, async (node) => {
    const slot = (await node.cluster('KEYSLOT', redisKey)) as number;
    const ranges = await node.cluster('SLOTS');
    return ranges.find(([from, to]) => slot >= from && slot <= to)![2]![1];
  });
}

/** The port of the replica of the master on `masterPort`, once the cluster knows it. */
async function replicaOf(askPort: number, masterPort: number): Promise<number | undefined> {
  const lines = ((await ask(askPort, (node) => node.cluster('NODES'))) as string).split('\n');
  const masterId = lines.find((line) => line.includes(`:${masterPort}@`))?.split(' ')[0];
  const replica = lines.find((line) => masterId !== undefined && line.split(' ')[3] === masterId);
  const port = replica === undefined ? undefined : /:(\d+)@/.exec(replica)?.[1];
  return port === undefined || port === '0' ? undefined : Number(port);
}

describe('tracking on a Cluster whose master fails over', () => {
  let cluster: RedisCluster;
  const pairs: TrackedPair[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster({ replicas: 1 });
  });
  afterAll(async () => {
    await Promise.all(pairs.map((pair) => pair.close()));
    await cluster?.stop();
  });

  test('tracking moves to the promoted replica and a write there invalidates', async () => {
    const nodes = cluster.nodes.map(({ host, port }) => ({ host, port }));
    const pairsByClient = await Promise.all(
      (['ioredis', 'node-redis'] as const).map((client) =>
        trackedPair(client, { kind: 'cluster', nodes }, { retryIntervalMs: 200 }),
      ),
    );
    pairs.push(...pairsByClient);
    const [first] = pairsByClient as [TrackedPair, TrackedPair];
    const redisKeyOf = (pair: TrackedPair) => `${pair.prefix}moved`;
    const victim = await ownerOf(nodes[0]!.port, redisKeyOf(first));
    const witness = nodes.find(({ port }) => port !== victim)!.port;

    let replica: number | undefined;
    await until('the master to have a replica', async () => {
      replica = await replicaOf(witness, victim);
      return replica !== undefined;
    });
    await cluster.nodes.find(({ port }) => port === victim)!.process.stop('SIGKILL');
    // The replica takes over at once instead of waiting for the masters' vote.
    await ask(replica!, (node) => node.cluster('FAILOVER', 'TAKEOVER'));
    await until(
      'a replica to take over the slot',
      async () => {
        try {
          return (await ownerOf(witness, redisKeyOf(first))) !== victim;
        } catch {
          return false;
        }
      },
      30_000,
    );
    for (const pair of pairsByClient) {
      for (const [index, bus] of pair.buses.entries()) {
        await until(
          `instance ${index} tracks every master again`,
          () => bus.stats().tracking!.gaps >= 1 && bus.stats().tracking!.active,
          30_000,
        );
      }
      for (const cache of pair.caches)
        await cache.set('moved', 1, { ttl: '10m', broadcast: false });
      await until(
        'the write to reach the new master',
        async () => {
          try {
            await pair.raw.set(redisKeyOf(pair), 'x');
            return true;
          } catch {
            return false;
          }
        },
        30_000,
      );
      for (const [index, cache] of pair.caches.entries()) {
        await until(
          `instance ${index} dropped the key`,
          async () => (await cache.get('moved')) === undefined,
        );
      }
    }
  }, 120_000);
});
