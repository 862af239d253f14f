export { reconnectDelay } from './connect.js';
export { GET_WITH_TTL_SCRIPT, getWithTtl } from './get-with-ttl.js';
export { escapeGlob } from './glob-escape.js';
export { ioredisStore } from './ioredis-store.js';
export type { IoredisStoreOptions, RedisAddress } from './ioredis-store-options.js';
export { keySlot, SLOT_COUNT } from './key-slot.js';
export {
  DEFAULT_REDIS_URL,
  parseRedisUrl,
  type RedisUrlSource,
  type ResolveRedisUrlOptions,
  resolveRedisUrl,
} from './redis-url.js';
