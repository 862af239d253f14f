import type { CacheOptions } from './cache-options.js';
import { MultiTierCache } from './multi-tier-cache.js';

/**
 * Creates a cache: L1 in front of the shared tiers given as `l2`.
 *
 * @example
 * ```ts
 * import { createCache } from '@multi-tier-cache/core';
 * import { lruStore } from '@multi-tier-cache/l1-lru';
 * import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
 *
 * const cache = createCache({ l1: lruStore(), l2: [ioredisStore({ url: 'redis://127.0.0.1:6379' })] });
 * ```
 */
export function createCache(options: CacheOptions = {}): MultiTierCache {
  return new MultiTierCache(options);
}
