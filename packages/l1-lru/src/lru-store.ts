import { CacheError, compileGlob, type L1Store } from '@multi-tier-cache/core';
import { LRUCache } from 'lru-cache';
import { estimateSize } from './estimate-size.js';
import type { LruStoreOptions } from './lru-store-options.js';

/** lru-cache refuses `null` and `undefined` in its types; `null` is stored as is at run time. */
type Stored = NonNullable<unknown>;

/**
 * An {@link L1Store} on lru-cache: least-recently-used eviction by entry count (and optionally
 * by estimated bytes), with each entry's TTL checked on every read so an expired value is never
 * returned. A read is a single `LRUCache#get`.
 *
 * @example
 * ```ts
 * import { createCache } from '@multi-tier-cache/core';
 * import { lruStore } from '@multi-tier-cache/l1-lru';
 *
 * const cache = createCache({ l1: lruStore({ maxEntries: 10_000 }) });
 * ```
 */
export function lruStore(options: LruStoreOptions = {}): L1Store {
  const { maxEntries = 2000, maxBytes, sizeOf = estimateSize, name = 'lru' } = options;
  assertPositiveInteger('maxEntries', maxEntries);
  if (maxBytes !== undefined) assertPositiveInteger('maxBytes', maxBytes);

  const lru = new LRUCache<string, Stored>({
    max: maxEntries,
    // Read the clock on every staleness check: a cached clock (the default, 1 ms) is only reset
    // by a timer, so a long synchronous stretch could serve entries past their TTL.
    ttlResolution: 0,
    // No timer per entry: expired entries are dropped when read, or evicted by newer ones.
    ttlAutopurge: false,
    allowStale: false,
    updateAgeOnGet: false,
    ...(maxBytes === undefined
      ? {}
      : {
          maxSize: maxBytes,
          sizeCalculation: function lruSizeOf(value: Stored, key: string) {
            const bytes = sizeOf(value);
            if (!(bytes >= 0 && bytes < Number.POSITIVE_INFINITY)) {
              throw new CacheError(
                'configuration',
                `lruStore: sizeOf returned ${String(bytes)} for key "${key}"; return a finite, non-negative number of bytes`,
              );
            }
            return Math.max(1, Math.ceil(bytes + key.length * 2));
          },
        }),
  });

  return {
    name,
    get: function lruGet(key) {
      return lru.get(key);
    },
    getWithTtl: function lruGetWithTtl(key) {
      const value = lru.get(key);
      if (value === undefined) return undefined;
      const ttlMs = lru.getRemainingTTL(key);
      return ttlMs > 0 ? { value, ttlMs } : undefined;
    },
    set: function lruSet(key, value, ttlMs) {
      if (!(ttlMs > 0 && ttlMs < Number.POSITIVE_INFINITY)) {
        throw new CacheError(
          'invalid-ttl',
          `lruStore.set("${key}"): ttlMs ${String(ttlMs)} must be a positive, finite number of milliseconds`,
        );
      }
      lru.set(key, value as Stored, { ttl: ttlMs });
    },
    delete: function lruDelete(key) {
      return lru.delete(key);
    },
    deleteMatching: function lruDeleteMatching(glob) {
      const pattern = compileGlob(glob);
      const matching: string[] = [];
      for (const key of lru.keys()) if (pattern.test(key)) matching.push(key);
      let removed = 0;
      for (const key of matching) if (lru.delete(key)) removed++;
      return removed;
    },
    clear: function lruClear() {
      lru.clear();
    },
    get size() {
      return lru.size;
    },
  };
}

function assertPositiveInteger(option: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new CacheError(
      'configuration',
      `lruStore: ${option} is ${String(value)}; pass a positive integer`,
    );
  }
}
