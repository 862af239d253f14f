import { readFile } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { startMemcached } from './memcached-server.js';
import { neededServers } from './needed-servers.js';
import { startRedisCluster } from './redis-cluster.js';
import { startRedis } from './redis-server.js';

/**
 * Vitest global setup: one redis-server, one memcached and one 3-master Redis Cluster for the whole
 * run, handed to tests through `inject()`, each started only when a selected test file asks for
 * it (so `pnpm --filter @multi-tier-cache/l1-lru test` starts nothing). Tests that kill, pause or
 * restart a server start their own with startRedis() / startMemcached() instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The file filters given on the command line; vitest keeps them on its instance.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters);
  const needed = neededServers(await Promise.all(testFiles.map((file) => readFile(file, 'utf8'))));
  const [redis, memcached, cluster] = await Promise.all([
    needed.redis ? startRedis() : undefined,
    needed.memcached ? startMemcached() : undefined,
    needed.cluster ? startRedisCluster() : undefined,
  ]);
  if (redis) project.provide('redisUrl', redis.url);
  if (memcached) project.provide('memcachedUrl', memcached.url);
  if (cluster) {
    project.provide(
      'clusterNodes',
      cluster.nodes.map(({ host, port }) => ({ host, port })),
    );
  }
  return async () => {
    await Promise.all([redis?.stop(), memcached?.stop(), cluster?.stop()]);
  };
}
