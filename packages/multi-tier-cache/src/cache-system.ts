import {
  CacheError,
  CacheStrategy,
  createCache,
  type HealthReport,
  type MultiTierCache,
} from '@multi-tier-cache/core';
import { ioredisTransport, type RedisBus, redisBus } from '@multi-tier-cache/invalidation';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import {
  type CacheWithStreams,
  ioredisStreams,
  type RedisStreams,
  type StreamEntry,
  type StreamFields,
  withStreams,
} from '@multi-tier-cache/streams';
import type { Cluster, Redis } from 'ioredis';
import type { CacheSystemOptions } from './cache-system-options.js';
import { openRedis, type RedisConnection } from './redis-connection.js';
import { consoleLogger, whatHappened } from './startup-report.js';

/**
 * What `CacheSystem.healthCheck()` reports: core's report (`healthy` follows L1, as in the Rust
 * crate, so it stays true with Redis down; `tiers` tells about Redis) and the invalidation bus.
 *
 * @example
 * ```ts
 * const { healthy, tiers, invalidation } = await system.healthCheck();
 * ```
 */
export interface CacheSystemHealth extends HealthReport {
  /** Whether the invalidation subscription is active; absent when invalidation is off. */
  readonly invalidation?: { readonly healthy: boolean; readonly queueLength: number };
}

/**
 * The zero-config cache, as the Rust crate's `CacheSystem`: L1 on lru-cache, L2 on Redis through
 * ioredis, invalidation over Redis Pub/Sub and Redis Streams, over one shared connection. Use
 * `cacheManager` (a `MultiTierCache`) for every cache operation, and the system's own
 * `publishToStream`, `readStreamLatest` and `readStream` for streams.
 *
 * @example
 * ```ts
 * import { CacheSystem, CacheStrategy } from 'multi-tier-cache';
 *
 * const system = await CacheSystem.create(); // REDIS_URL, .env, or redis://127.0.0.1:6379
 * const cache = system.cacheManager;
 * const user = await cache.getOrCompute('user:1', () => db.user(1), CacheStrategy.ShortTerm);
 * await system.publishToStream('events', { type: 'login', user: '1' });
 * await system.close();
 * ```
 */
export class CacheSystem {
  /** The cache: get, set, getOrCompute, invalidate, stats. */
  readonly cacheManager: MultiTierCache;
  /** The invalidation bus, unless turned off. */
  readonly bus: RedisBus | undefined;
  /**
   * The streams backend, unless turned off: consumer groups and subscriptions (the Rust crate's
   * calls are on the system itself).
   */
  readonly streams: RedisStreams | undefined;
  readonly #connection: RedisConnection;
  readonly #withStreams: CacheWithStreams<MultiTierCache, RedisStreams> | undefined;
  #closing: Promise<void> | undefined;

  private constructor(
    cacheManager: MultiTierCache,
    connection: RedisConnection,
    bus: RedisBus | undefined,
    streams: RedisStreams | undefined,
  ) {
    this.cacheManager = cacheManager;
    this.#connection = connection;
    this.bus = bus;
    this.streams = streams;
    this.#withStreams = streams === undefined ? undefined : withStreams(cacheManager, streams);
  }

  /**
   * Builds the cache with the Rust crate's defaults (see {@link CacheSystemOptions}) and waits up
   * to `readyTimeout` for Redis and the invalidation subscription. Redis being down does not make
   * it fail (the cache answers from L1 and computations) unless `strict` is set.
   *
   * @example
   * ```ts
   * const system = await CacheSystem.create({ prefix: 'shop:', l1MaxEntries: 10_000 });
   * ```
   */
  static async create(options: CacheSystemOptions = {}): Promise<CacheSystem> {
    const logger = options.logger === false ? undefined : (options.logger ?? consoleLogger);
    const connection = openRedis(options);
    const { client } = connection;
    const bus =
      options.invalidation === false
        ? undefined
        : redisBus({
            ...(options.invalidation === true ? {} : options.invalidation),
            transport: ioredisTransport({ client }),
          });
    const streams =
      options.streams === false
        ? undefined
        : ioredisStreams(client, options.streams === true ? {} : options.streams);
    const cacheManager = createCache({
      l1: lruStore({ maxEntries: options.l1MaxEntries ?? 2000 }),
      l2: [
        ioredisStore({
          ...(client.isCluster ? { cluster: client as Cluster } : { client: client as Redis }),
          prefix: options.prefix ?? 'mtc:',
        }),
      ],
      defaultTtl: options.defaultTtl ?? CacheStrategy.MediumTerm,
      l1MaxTtl: options.l1MaxTtl ?? '5m',
      timeout: options.timeout ?? 500,
      strict: options.strict ?? false,
      ...(options.breaker === undefined ? {} : { breaker: options.breaker }),
      ...(options.grace === undefined ? {} : { grace: options.grace }),
      ...(options.graceBackoff === undefined ? {} : { graceBackoff: options.graceBackoff }),
      ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      ...(options.refreshAhead === undefined ? {} : { refreshAhead: options.refreshAhead }),
      ...(options.serializer === undefined ? {} : { serializer: options.serializer }),
      ...(bus === undefined ? {} : { bus }),
      ...(logger === undefined ? {} : { logger }),
    });
    const system = new CacheSystem(cacheManager, connection, bus, streams);
    const ready = await system.#waitReady(options.readyTimeout ?? 2000);
    if (!ready && options.strict) {
      await system.close();
      throw new CacheError(
        'tier-failure',
        `Redis at ${connection.url ?? 'the given client'} did not answer within ${options.readyTimeout ?? 2000} ms${whatHappened(connection)}: start it, fix REDIS_URL, or leave strict off to run from L1`,
      );
    }
    if (connection.dbRefusal !== undefined) {
      logger?.warn(
        { redis: connection.url ?? 'the given client', source: connection.source },
        `Redis at ${connection.url ?? 'the given client'} refused its database (DB index out of range): ioredis goes on with database 0; use a database the server has (its "databases" setting)`,
      );
    }
    if (!ready) {
      logger?.warn(
        { redis: connection.url ?? 'the given client', source: connection.source },
        `cache started without Redis at ${connection.url ?? 'the given client'}${whatHappened(connection)}: serving from L1 and computations until it answers; healthCheck().status is 'degraded'`,
      );
    }
    return system;
  }

  /**
   * {@link CacheSystem.create} with a Redis URL, which wins over `REDIS_URL` and `.env`.
   *
   * @example
   * ```ts
   * const system = await CacheSystem.withRedisUrl('redis://:secret@cache.internal:6379/2');
   * ```
   */
  static withRedisUrl(
    url: string,
    options: Omit<CacheSystemOptions, 'redisUrl' | 'client'> = {},
  ): Promise<CacheSystem> {
    return CacheSystem.create({ ...options, redisUrl: url });
  }

  /** The Redis URL in use (password hidden), or undefined when a client was passed in. */
  get redisUrl(): string | undefined {
    return this.#connection.url;
  }

  /** Where the Redis URL came from: 'option', 'env', 'dotenv', 'default', or 'client'. */
  get redisUrlSource(): RedisConnection['source'] {
    return this.#connection.source;
  }

  /**
   * L1, Redis and the invalidation bus. `healthy` is true while L1 works, even with Redis down,
   * as the Rust crate's `health_check()`; look at `tiers` and `invalidation` for Redis.
   *
   * @example
   * ```ts
   * app.get('/health', async () => {
   *   const report = await system.healthCheck();
   *   return { ok: report.healthy, redis: report.tiers[0]?.healthy };
   * });
   * ```
   */
  async healthCheck(): Promise<CacheSystemHealth> {
    const report = await this.cacheManager.healthCheck();
    if (this.bus === undefined) return report;
    const { subscribed, queueLength } = this.bus.stats();
    return { ...report, invalidation: { healthy: subscribed, queueLength } };
  }

  /**
   * Appends an entry to a Redis stream (XADD), trimming it to about `maxLen` entries (the
   * `streams.maxLen` option, 1000 by default, when omitted); resolves to its id.
   *
   * @example
   * ```ts
   * const id = await system.publishToStream('events', { type: 'login', user: '42' }, 1000);
   * ```
   */
  publishToStream(stream: string, fields: StreamFields, maxLen?: number): Promise<string> {
    return this.#withStreams?.publishToStream(stream, fields, maxLen) ?? streamsOff();
  }

  /**
   * The newest `count` entries of a stream, newest first; `[]` when the stream does not exist.
   *
   * @example
   * ```ts
   * const latest = await system.readStreamLatest('events', 10);
   * ```
   */
  readStreamLatest(stream: string, count: number): Promise<StreamEntry[]> {
    return this.#withStreams?.readStreamLatest(stream, count) ?? streamsOff();
  }

  /**
   * At most `count` entries after `lastId` (`'0'` for all, `'$'` for only new ones), oldest first,
   * waiting up to `blockMs` on a connection of its own when there are none.
   *
   * @example
   * ```ts
   * const entries = await system.readStream('events', '$', 100, 5000);
   * ```
   */
  readStream(stream: string, lastId = '0', count = 100, blockMs?: number): Promise<StreamEntry[]> {
    return this.#withStreams?.readStream(stream, lastId, count, blockMs) ?? streamsOff();
  }

  /**
   * Closes the cache, the bus, the streams backend and the Redis connection (unless it was passed
   * in as `client`). Safe to call more than once.
   *
   * @example
   * ```ts
   * process.once('SIGTERM', () => system.close());
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= (this.#withStreams ?? this.cacheManager)
      .close()
      .finally(() => this.#connection.close());
    return this.#closing;
  }

  /** `await using system = await CacheSystem.create()` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** True when Redis answered and the bus subscribed within `timeoutMs`. */
  async #waitReady(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const checks = Promise.all([
      this.#connection.client.ping().then(
        () => true,
        () => false,
      ),
      this.bus?.ready.then(
        () => true,
        () => false,
      ) ?? true,
    ]).then((results) => results.every(Boolean));
    try {
      return await Promise.race([checks, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function streamsOff(): Promise<never> {
  return Promise.reject(
    new CacheError(
      'configuration',
      'Redis Streams are turned off: create the CacheSystem without `streams: false` to use them',
    ),
  );
}
