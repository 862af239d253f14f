export { nodeRedisStore } from './node-redis-store.js';
export type {
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisSentinel,
  NodeRedisStoreOptions,
  RedisNodeAddress,
} from './node-redis-store-options.js';
