import {
  type MemcachedServer,
  type RedisServer,
  startMemcached,
  startRedis,
} from '@multi-tier-cache/test-servers';

/** Servers the benchmarks talk to: a fresh redis-server and memcached on free loopback ports. */
export interface BenchServers {
  readonly redis: RedisServer;
  readonly memcached: MemcachedServer;
}

export async function startBenchServers(): Promise<BenchServers> {
  const [redis, memcached] = await Promise.all([startRedis(), startMemcached()]);
  return { redis, memcached };
}

export async function stopBenchServers(servers: BenchServers): Promise<void> {
  await Promise.all([servers.redis.stop(), servers.memcached.stop()]);
}
