import type { MultiTierCache } from '@multi-tier-cache/core';

/** Where the last read was answered, from the cache's own `hit` / `miss` / `promotion` events. */
export interface TierTrace {
  /** Tier name of the last read (`'lru'`, `'ioredis'`, ...) or `'miss'`; resets on each call. */
  take(): string;
  /** TTL in ms given to the last promotion into L1 since the previous call, if any. */
  takePromotedTtl(): number | undefined;
  /** Stops listening. */
  stop(): void;
}

/**
 * Follows one cache's events so an example can say which tier answered. Meant for sequential
 * reads: with concurrent reads the "last" event belongs to whichever finished last.
 *
 * @example
 * ```ts
 * const trace = traceTiers(cache);
 * await cache.get('user:1');
 * console.log(`from ${trace.take()}`); // "from lru"
 * ```
 */
export function traceTiers(cache: MultiTierCache): TierTrace {
  let last = 'nothing';
  let promotedTtlMs: number | undefined;
  const offs = [
    cache.on('hit', ({ tier }) => {
      last = tier;
    }),
    cache.on('miss', () => {
      last = 'miss';
    }),
    cache.on('promotion', ({ ttlMs }) => {
      promotedTtlMs = ttlMs;
    }),
  ];
  return {
    take() {
      const answer = last;
      last = 'nothing';
      return answer;
    },
    takePromotedTtl() {
      const ttl = promotedTtlMs;
      promotedTtlMs = undefined;
      return ttl;
    },
    stop() {
      for (const off of offs) off();
    },
  };
}
