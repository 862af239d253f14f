import type { Bus } from '../bus/bus.js';
import type { Serializer } from '../serialization/serializer.js';
import type { L1Store } from '../stores/l1-store.js';
import type { L2Store } from '../stores/l2-store.js';
import type { CacheStrategyValue } from '../strategy.js';
import type { Ttl } from '../ttl.js';
import type { CacheLogger } from './cache-logger.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import type { TierOptions } from './shared-tier.js';

/**
 * Options of {@link createCache}. Every field has a default; `createCache()` alone gives an
 * in-process cache.
 *
 * @example
 * ```ts
 * const cache = createCache({
 *   l1: lruStore({ maxEntries: 10_000 }),
 *   l2: [ioredisStore({ url: process.env.REDIS_URL })],
 *   defaultTtl: '5m',
 *   timeout: 250,
 * });
 * ```
 */
export interface CacheOptions {
  /**
   * The in-process tier, or `false` for none at all: every read then goes to the shared tiers
   * (still one read per key among concurrent callers), which is how to measure them alone.
   * @default memoryL1Store() with 2000 entries
   */
  readonly l1?: L1Store | false;
  /** Shared tiers in lookup order (L2, L3, ...): stores, or stores with tier options. @default [] */
  readonly l2?: L2Store | readonly (L2Store | TierOptions)[];
  /** TTL when a write gives none. @default CacheStrategy.Default (5 minutes) */
  readonly defaultTtl?: Ttl | CacheStrategyValue;
  /** Longest TTL an entry gets in L1, on writes and on promotion, like the Rust crate's L1. @default '5m' */
  readonly l1MaxTtl?: Ttl;
  /** Deadline of every shared-tier call; a slower tier counts as failed for that call. @default 500 */
  readonly timeout?: Ttl;
  /** Skips a tier after repeated failures instead of paying a timeout per call. */
  readonly breaker?: CircuitBreakerOptions;
  /** Reject when a shared tier fails, instead of falling back (fail-open). @default false */
  readonly strict?: boolean;
  /** Converts values to the bytes shared tiers hold. @default jsonSerializer() */
  readonly serializer?: Serializer;
  /** Longest accepted key, in UTF-16 code units. @default 1024 */
  readonly maxKeyLength?: number;
  /** Carries invalidations between instances (see `@multi-tier-cache/invalidation`). */
  readonly bus?: Bus;
  /**
   * What to do when the bus reconnects after a gap, since messages sent meanwhile are lost:
   * `'clear-l1'` drops every L1 entry so nothing invalidated during the gap is served; `'keep'`
   * trusts L1 to expire on its own.
   * @default 'clear-l1'
   */
  readonly onBusReconnect?: 'clear-l1' | 'keep';
  /**
   * With a bus, a plain `set` publishes a `remove` of its key so the other instances drop their
   * L1 copy and read the new value from the shared tier. This costs one bus message per `set`;
   * turn it off for write-heavy keys with `set(key, value, { broadcast: false })`, or here for
   * every `set` (then other instances serve their L1 copy until its TTL ends).
   * @default true
   */
  readonly broadcastSets?: boolean;
  /**
   * A pino-compatible logger (`debug`/`info`/`warn`/`error`, each `(object, message)`). The cache
   * logs state changes only: a tier's breaker opening (warn) and closing (info), a bus gap
   * (warn). @default no logging
   */
  readonly logger?: CacheLogger;
  /**
   * One computation per key across instances: on a miss, `getOrCompute` takes a lease in the
   * first shared tier that supports locks (`capabilities.locks`) before computing, and the other
   * instances wait for the value instead of computing it too. `true` for the defaults; a call
   * overrides it with its own `lock` option. Costs one round trip on a miss; hits pay nothing.
   * @default off
   */
  readonly lock?: LockOptions | boolean;
  /**
   * How long an entry is kept after its TTL, stale, so `getOrCompute` can serve it when the
   * computation fails or is slow (fail-safe). Shared tiers keep entries for TTL + grace. `0`
   * turns it off: entries are stored exactly as without grace.
   * @default 0
   */
  readonly grace?: Ttl | 0;
  /**
   * After a failed computation served a stale value, how long `getOrCompute` keeps serving it
   * before calling the computation again for that key (so a dead database is not hammered).
   * @default '10s'
   */
  readonly graceBackoff?: Ttl;
  /** Soft and hard deadlines of a `getOrCompute` computation. @default none */
  readonly timeouts?: FactoryTimeouts;
  /**
   * Fraction of the TTL after which a `getOrCompute` hit starts one background refresh of its
   * key and still answers with the cached value at once (`0.8`: refresh in the last 20 % of the
   * TTL). `0` turns it off.
   * @default 0
   */
  readonly refreshAhead?: number;
}

/**
 * Deadlines of a `getOrCompute` computation.
 *
 * @example
 * ```ts
 * await cache.getOrCompute('feed', loadFeed, { grace: '1h', timeouts: { soft: 50, hard: '2s' } });
 * ```
 */
export interface FactoryTimeouts {
  /**
   * When a stale value is at hand, callers get it after this long and the computation goes on
   * in the background, then writes every tier and tells the other instances.
   */
  readonly soft?: Ttl;
  /**
   * Callers without a stale value get `CacheError('timeout')` after this long (with one, they
   * get the stale value). The computation still completes and is stored unless
   * `background` is false.
   */
  readonly hard?: Ttl;
  /**
   * Let a computation that outlived its callers' deadline finish and store its value. `false`
   * aborts `ctx.signal` instead once no caller waits.
   * @default true
   */
  readonly background?: boolean;
}

/**
 * How `getOrCompute` coordinates with other instances on a miss (see `CacheOptions.lock`).
 *
 * @example
 * ```ts
 * const cache = createCache({ l2: [redis], lock: { ttl: '5s', wait: '2s' } });
 * ```
 */
export interface LockOptions {
  /**
   * How long a lease lasts: a holder that dies frees the key after this, and a holder still
   * computing past it can no longer write its value (fencing). Longer than your computation.
   * @default '5s'
   */
  readonly ttl?: Ttl;
  /**
   * Longest a caller waits for another instance's value; then it computes itself (counted in
   * `stats().lockWaitsExpired`), writing its value as it would without locks.
   * @default the lock's ttl
   */
  readonly wait?: Ttl;
}

/**
 * Options of `getOrCompute`.
 *
 * @example
 * ```ts
 * await cache.getOrCompute('user:1', loadUser, { ttl: '10m', signal: AbortSignal.timeout(200) });
 * ```
 */
export interface GetOrComputeOptions {
  /** TTL of the computed value. @default the cache's defaultTtl */
  readonly ttl?: Ttl;
  /** Alternative to `ttl`. */
  readonly strategy?: CacheStrategyValue;
  /** Stops this caller waiting; the computation goes on for the others. */
  readonly signal?: AbortSignal;
  /**
   * Skip reading the tiers and compute now, under the key's single flight, writing like any
   * computation: work already under way for the key is superseded (it writes nothing), and an
   * invalidation during this computation means nothing is written. For replacing a value known
   * to be bad.
   * @default false
   */
  readonly forceFresh?: boolean;
  /** This call's lock settings (`false`: no lease). @default the cache's `lock` option */
  readonly lock?: LockOptions | boolean;
  /** This call's grace period (see `CacheOptions.grace`). @default the cache's `grace` */
  readonly grace?: Ttl | 0;
  /** This call's backoff after a failure. @default the cache's `graceBackoff` */
  readonly graceBackoff?: Ttl;
  /** This call's computation deadlines. @default the cache's `timeouts` */
  readonly timeouts?: FactoryTimeouts;
  /** This call's refresh-ahead fraction. @default the cache's `refreshAhead` */
  readonly refreshAhead?: number;

  // Tags.
  /**
   * Tags of the computed value: `deleteByTag` of any of them invalidates it everywhere. The
   * computation can add more with `setTags`. @default none
   */
  readonly tags?: string | readonly string[];
}

/**
 * Options of `set`.
 *
 * @example
 * ```ts
 * await cache.set('counter:views', views, { ttl: '1m', broadcast: false });
 * ```
 */
export interface SetOptions {
  /** TTL of the value. @default the cache's defaultTtl */
  readonly ttl?: Ttl;
  /** Alternative to `ttl`. */
  readonly strategy?: CacheStrategyValue;
  /** How long the value is kept stale after its TTL. @default the cache's `grace` */
  readonly grace?: Ttl | 0;
  /**
   * With a bus, tell the other instances to drop their L1 copy (one message).
   * @default the cache's broadcastSets (true)
   */
  readonly broadcast?: boolean;

  // Tags.
  /** Tags of the value: `deleteByTag` of any of them invalidates it everywhere. @default none */
  readonly tags?: string | readonly string[];
}

/**
 * Options of `updateCache`.
 *
 * @example
 * ```ts
 * await cache.updateCache('page:1', page, { ttl: '1h', tags: ['product:7'] });
 * ```
 */
export interface UpdateCacheOptions {
  /** TTL of the value. @default the cache's defaultTtl */
  readonly ttl?: Ttl;
  /** Alternative to `ttl`. */
  readonly strategy?: CacheStrategyValue;
  /** Tags of the value: `deleteByTag` of any of them invalidates it everywhere. @default none */
  readonly tags?: string | readonly string[];
}

/**
 * Passed to a `getOrCompute` computation: the key, the stale value when one is at hand, a signal
 * aborted when nobody needs the result any more, and setters that adapt how the result is cached.
 *
 * @example
 * ```ts
 * await cache.getOrCompute('page:/', async (ctx) => {
 *   const response = await fetch(url, { signal: ctx.signal });
 *   if (response.status === 404) {
 *     ctx.skip();
 *     return null;
 *   }
 *   ctx.setTtl(response.headers.get('x-ttl') ?? '1m');
 *   return response.text();
 * });
 * ```
 */
export interface ComputeContext {
  readonly key: string;
  /** The graced value of the key when one is at hand (for conditional refreshes), else undefined. */
  readonly stale: unknown;
  /**
   * Aborted when no caller and no background completion needs the result: after the callers'
   * timeout with `timeouts.background: false`, or when the key is invalidated (or the cache
   * closed) while the computation runs on after its callers' timeout.
   */
  readonly signal: AbortSignal;
  /** Caches the result with this TTL instead of the call's. */
  setTtl(ttl: Ttl): void;
  /** Keeps the result stale for this long after its TTL (`0`: no grace). */
  setGrace(grace: Ttl | 0): void;
  /**
   * Hands this computation's result to its callers without caching it (a 404, a partial
   * answer); the result may then be `undefined`. A stale value stays as it was.
   */
  skip(): void;

  // Tags.
  /**
   * Adds tags to the value being computed (to those of the `tags` option), for tags that depend
   * on the value itself. Call it before the computation returns.
   *
   * @example
   * ```ts
   * await cache.getOrCompute('page:home', async (ctx) => {
   *   const page = await render();
   *   ctx.setTags(page.productIds.map((id) => `product:${id}`));
   *   return page;
   * });
   * ```
   */
  setTags(tags: string | readonly string[]): void;
}
