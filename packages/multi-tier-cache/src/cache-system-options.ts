import type {
  CacheLogger,
  CacheStrategyValue,
  CircuitBreakerOptions,
  FactoryTimeouts,
  Serializer,
  Ttl,
} from '@multi-tier-cache/core';
import type { RedisBusOptions } from '@multi-tier-cache/invalidation';
import type { RedisStreamsOptions } from '@multi-tier-cache/streams';
import type { Cluster, Redis, RedisOptions } from 'ioredis';

/**
 * Options of `CacheSystem.create`. Every field has a default matching the Rust crate's
 * `CacheSystem::new()`: L1 of 2000 entries capped at 5 minutes, L2 on Redis with a 1 hour TTL
 * when a write names none, invalidation over Pub/Sub and streams trimmed to 1000 entries.
 *
 * @example
 * ```ts
 * const system = await CacheSystem.create({
 *   redisUrl: 'redis://cache.internal:6379/1',
 *   prefix: 'shop:',
 *   invalidation: { secret: process.env.CACHE_BUS_SECRET },
 * });
 * ```
 */
export interface CacheSystemOptions {
  /**
   * Redis to connect to. Wins over `REDIS_URL`, which wins over the last `REDIS_URL` line of
   * `.env` in the working folder. A password may hold `/ @ : % #`, percent-encoded or not;
   * `CacheSystem.redisUrl` and every error show the URL as `redis://***@host:port`.
   * @default REDIS_URL, then .env, then 'redis://127.0.0.1:6379'
   */
  readonly redisUrl?: string;
  /** Your own ioredis `Redis` or `Cluster`, used instead of `redisUrl`; never closed by the system. */
  readonly client?: Redis | Cluster;
  /** Extra ioredis options for the connection the system opens (TLS, password, ...); they win over ours. */
  readonly redisOptions?: RedisOptions;
  /** Added in front of every Redis key; `clear()` removes only keys under it. @default 'mtc:' */
  readonly prefix?: string;
  /** Entries L1 holds before evicting the least recently used. @default 2000 */
  readonly l1MaxEntries?: number;
  /** Longest time an entry stays in L1 (writes and promotions). @default '5m' */
  readonly l1MaxTtl?: Ttl;
  /** TTL of a write that names none, in Redis. @default CacheStrategy.MediumTerm (1 hour) */
  readonly defaultTtl?: Ttl | CacheStrategyValue;
  /** Deadline of every Redis call; a slower call counts as a miss (fail-open). @default 500 */
  readonly timeout?: Ttl;
  /** Skips Redis for a while after repeated failures instead of paying a timeout per call. */
  readonly breaker?: CircuitBreakerOptions;
  /**
   * How long entries are kept stale after their TTL so `getOrCompute` can serve them when the
   * computation fails or is slow (see core's "Serving through failure"). Off by default because
   * a graced entry is stored in an envelope the Rust crate does not read; `'1h'` is a good start
   * for services that do not share Redis with Rust.
   * @default 0 (off)
   */
  readonly grace?: Ttl | 0;
  /** Pause between two computations of a key whose computation failed and served stale. @default '10s' */
  readonly graceBackoff?: Ttl;
  /** Soft and hard deadlines of `getOrCompute` computations. @default none */
  readonly timeouts?: FactoryTimeouts;
  /** Fraction of the TTL after which a hit refreshes its key in the background (`0.8`). @default 0 (off) */
  readonly refreshAhead?: number;
  /**
   * Reject when Redis fails instead of falling back to L1 and computations; `create` then also
   * rejects when Redis does not answer by `readyTimeout`.
   * @default false
   */
  readonly strict?: boolean;
  /** Converts values to the bytes Redis holds. @default jsonSerializer() */
  readonly serializer?: Serializer;
  /**
   * Cross-instance invalidation over Redis Pub/Sub: `false` to turn it off, or options of
   * `redisBus` (channel, secret, format 'rust' to share the bus with Rust services, ...).
   * @default true (channel 'mtc:invalidate', unsigned)
   */
  readonly invalidation?: boolean | Omit<RedisBusOptions, 'transport'>;
  /**
   * Redis Streams (`publishToStream`, `readStreamLatest`, `readStream`): `false` to turn them off,
   * or options of the streams backend.
   * @default true (publish trims to about 1000 entries)
   */
  readonly streams?: boolean | RedisStreamsOptions;
  /**
   * How long `create` waits for Redis to answer and the invalidation subscription to be active
   * before resolving anyway (the cache works from L1 meanwhile and uses Redis once it is there).
   * @default 2000
   */
  readonly readyTimeout?: number;
  /**
   * A pino-compatible logger for state changes: a start without Redis, a tier's breaker opening
   * and closing, an invalidation bus gap. `false` turns logging off.
   * @default warnings and errors to the console (`console.warn`, `console.error`)
   */
  readonly logger?: CacheLogger | false;
}
