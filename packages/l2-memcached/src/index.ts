export { HashRing, hashKey } from './hash-ring.js';
export { DEFAULT_MAX_VALUE_BYTES, memcachedStore } from './memcached-store.js';
export type {
  MemcachedStoreOptions,
  StampedeProtectionOptions,
} from './memcached-store-options.js';
export {
  DEFAULT_SERVER,
  parseServer,
  resolveServers,
  type ServerAddress,
} from './resolve-servers.js';
