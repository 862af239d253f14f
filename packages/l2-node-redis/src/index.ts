export { escapeGlob } from './escape-glob.js';
export { groupKeysByNode, type NodeGroup, type SlotGroup } from './group-keys.js';
export { keySlot } from './key-slot.js';
export { nodeRedisStore } from './node-redis-store.js';
export type {
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisSentinel,
  NodeRedisStoreOptions,
  RedisNodeAddress,
} from './node-redis-store-options.js';
export { type CappedBackoffOptions, cappedBackoff } from './reconnect-strategy.js';
export {
  DEFAULT_REDIS_URL,
  type RedisUrlSource,
  type ResolveRedisUrlContext,
  readDotEnvRedisUrl,
  resolveRedisUrl,
} from './resolve-url.js';
