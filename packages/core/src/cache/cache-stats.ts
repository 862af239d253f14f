/**
 * Counters of one shared tier.
 *
 * @example
 * ```ts
 * const [l2] = cache.stats().tiers; // { name: 'redis', hits: 10, errors: 0, ... }
 * ```
 */
export interface TierStats {
  readonly name: string;
  readonly hits: number;
  /** Failed or timed-out calls, and calls skipped while the circuit breaker was open. */
  readonly errors: number;
  readonly timeouts: number;
  /** Values whose bytes did not decode: counted as misses. */
  readonly decodeErrors: number;
  /** True while the breaker skips the tier: open, or half-open with its one probe not yet back. */
  readonly circuitOpen: boolean;
}

/**
 * A snapshot of the cache's counters (Rust names in camelCase where the crate has one).
 *
 * @example
 * ```ts
 * const { hitRate, l1Hits, promotions } = cache.stats();
 * ```
 */
export interface CacheStats {
  /** Calls of get and getOrCompute, and the shared-tier reads of refresh-ahead refreshes. */
  readonly requests: number;
  readonly hits: number;
  readonly l1Hits: number;
  /** Hits in the first shared tier (`tiers[0].hits`), under the Rust crate's name. */
  readonly l2Hits: number;
  readonly misses: number;
  /** hits / requests, 0 before the first request. */
  readonly hitRate: number;
  readonly l1HitRate: number;
  readonly promotions: number;
  /** Computations running now. */
  readonly inFlight: number;
  /** Computations started (one per key however many callers waited). */
  readonly computations: number;
  /**
   * Callers that joined a shared-tier read or a computation already under way for their key
   * instead of starting one (each is also counted as a hit or a miss by how the work ended).
   */
  readonly coalesced: number;
  /** Callers that waited `lock.wait` for another instance's value and then computed themselves. */
  readonly lockWaitsExpired: number;
  /** `getOrCompute` callers answered with a stale value within its grace period. */
  readonly staleServed: number;
  /** Computations that threw or timed out (hard timeout). */
  readonly factoryErrors: number;
  /** Computations that went on in the background after their callers' soft or hard timeout. */
  readonly backgroundCompletions: number;
  /** Background refreshes started by refresh-ahead. */
  readonly refreshesAhead: number;
  readonly tiers: readonly TierStats[];
  /** The bus's own counters, when a bus is configured and keeps them. */
  readonly bus: Readonly<Record<string, unknown>> | undefined;
}

/** Mutable counters behind {@link CacheStats}; plain fields so the hot path is an increment. */
export class StatsCounters {
  requests = 0;
  l1Hits = 0;
  misses = 0;
  promotions = 0;
  inFlight = 0;
  computations = 0;
  coalesced = 0;
  lockWaitsExpired = 0;
  staleServed = 0;
  factoryErrors = 0;
  backgroundCompletions = 0;
  refreshesAhead = 0;
}

/** Mutable counters of one tier. */
export class TierCounters {
  hits = 0;
  errors = 0;
  timeouts = 0;
  decodeErrors = 0;
}
