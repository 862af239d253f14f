export { ioredisStore } from './ioredis-store.js';
export type { IoredisStoreOptions, RedisAddress } from './ioredis-store-options.js';
