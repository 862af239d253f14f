export { requireBinary } from './binaries.js';
export { freePort } from './free-port.js';
export {
  type MemcachedServer,
  type MemcachedServerOptions,
  startMemcached,
} from './memcached-server.js';
export {
  type ClusterNode,
  type RedisCluster,
  type RedisClusterOptions,
  startRedisCluster,
} from './redis-cluster.js';
export { type SentinelSet, type SentinelSetOptions, startSentinelSet } from './redis-sentinel.js';
export { type RedisServer, type RedisServerOptions, startRedis } from './redis-server.js';
export { ServerProcess } from './server-process.js';
export { waitUntil } from './wait-for.js';
