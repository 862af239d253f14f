import type { TestProject } from 'vitest/node';
import { startMemcached } from './memcached-server.js';
import { startRedisCluster } from './redis-cluster.js';
import { startRedis } from './redis-server.js';

/**
 * Vitest global setup: one redis-server, one memcached and one 3-master Redis Cluster for the whole
 * run, handed to tests through `inject()`. Tests that kill, pause or restart a server start their
 * own with startRedis() / startMemcached() instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [redis, memcached, cluster] = await Promise.all([
    startRedis(),
    startMemcached(),
    startRedisCluster(),
  ]);
  project.provide('redisUrl', redis.url);
  project.provide('memcachedUrl', memcached.url);
  project.provide(
    'clusterNodes',
    cluster.nodes.map(({ host, port }) => ({ host, port })),
  );
  return async () => {
    await Promise.all([redis.stop(), memcached.stop(), cluster.stop()]);
  };
}
