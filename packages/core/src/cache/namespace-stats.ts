/**
 * The counters of one namespace view: only the calls made through it (the cache's own `stats()`
 * counts them too, with everything else).
 *
 * @example
 * ```ts
 * const { hitRate, requests } = cache.namespace('users').stats();
 * ```
 */
export interface NamespaceStats {
  /** The namespace's path, such as `users:admins`. */
  readonly namespace: string;
  /** Calls of get and getOrCompute through the view. */
  readonly requests: number;
  readonly hits: number;
  readonly l1Hits: number;
  readonly misses: number;
  /** hits / requests, 0 before the first request. */
  readonly hitRate: number;
  readonly l1HitRate: number;
  /** Computations the view's getOrCompute ran. */
  readonly computations: number;
}

/** Mutable counters behind {@link NamespaceStats}. */
export class NamespaceCounters {
  requests = 0;
  hits = 0;
  l1Hits = 0;
  misses = 0;
  computations = 0;

  snapshot(namespace: string): NamespaceStats {
    const { requests, hits, l1Hits, misses, computations } = this;
    return {
      namespace,
      requests,
      hits,
      l1Hits,
      misses,
      hitRate: requests === 0 ? 0 : hits / requests,
      l1HitRate: requests === 0 ? 0 : l1Hits / requests,
      computations,
    };
  }
}
