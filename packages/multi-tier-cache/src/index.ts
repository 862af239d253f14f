export * from '@multi-tier-cache/core';
export {
  type IoredisTransportOptions,
  ioredisTransport,
  type RedisBus,
  type RedisBusOptions,
  type RedisBusStats,
  redisBus,
} from '@multi-tier-cache/invalidation';
export { type LruStoreOptions, lruStore } from '@multi-tier-cache/l1-lru';
export { type IoredisStoreOptions, ioredisStore } from '@multi-tier-cache/l2-ioredis';
export { type RedisUrlSource, resolveRedisUrl } from '@multi-tier-cache/redis-common';
export {
  type CacheWithStreams,
  ioredisStreams,
  type RedisStreams,
  type RedisStreamsOptions,
  type StreamEntry,
  type StreamFields,
  type StreamingBackend,
  withStreams,
} from '@multi-tier-cache/streams';
export {
  type BoundEntry,
  defineEntry,
  type Entry,
  type EntryComputeOptions,
  type EntryDefinition,
  getOrComputeTyped,
  getTyped,
  type InvalidatingCache,
  type Output,
  type SizeGuardOptions,
  type StandardSchemaV1,
  setTyped,
  sizeGuard,
  type TypedCache,
  type TypedComputeOptions,
  type TypedStats,
  typedStats,
} from '@multi-tier-cache/typed';
export { CacheSystem, type CacheSystemHealth } from './cache-system.js';
export type { CacheSystemOptions } from './cache-system-options.js';
