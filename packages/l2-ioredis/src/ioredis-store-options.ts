import type { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';

/** Address of one Redis Cluster seed node or one Sentinel. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Options of {@link ioredisStore}. Give at most one of `url`, `client`, `cluster`, `clusterNodes`
 * or `sentinels`; with none, the URL comes from `REDIS_URL`, then `.env`, then
 * `redis://127.0.0.1:6379`.
 *
 * @example
 * ```ts
 * ioredisStore({ url: 'redis://cache:6379/1', prefix: 'shop:' });
 * ioredisStore({ sentinels: [{ host: 'sentinel-1', port: 26379 }], masterName: 'mymaster' });
 * ```
 */
export interface IoredisStoreOptions {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. @default REDIS_URL, then .env, then 'redis://127.0.0.1:6379' */
  readonly url?: string;
  /** An ioredis client you created; the store uses it as it is and never closes it. */
  readonly client?: Redis;
  /** An ioredis Cluster you created; the store uses it as it is and never closes it. */
  readonly cluster?: Cluster;
  /**
   * Seed nodes of a Redis Cluster, as `{ host, port }` or `redis://` URLs; the store creates (and
   * closes) the Cluster client. Credentials and TLS of the first node apply to every node.
   */
  readonly clusterNodes?: readonly (RedisAddress | string)[];
  /**
   * Sentinels watching the master `masterName`, as `{ host, port }` or `redis://` URLs; the store
   * creates (and closes) the client. Credentials of the first URL log in to the sentinels.
   */
  readonly sentinels?: readonly (RedisAddress | string)[];
  /** Master group name the sentinels know, with `sentinels`. */
  readonly masterName?: string;
  /** The tier's name in stats, events and health reports. @default 'ioredis' */
  readonly name?: string;
  /**
   * Added in front of every key. `clear()` and `deleteMatching()` only ever remove keys under it.
   * An empty prefix is refused with `CacheError('configuration')`: `clear()` would empty the
   * whole database.
   * @default 'mtc:'
   */
  readonly prefix?: string;
  /**
   * How values are laid out in Redis. `'framed'`: each value carries its absolute expiry in a
   * 21-byte header (core's `frameWithExpiry`), so `get` is one plain GET that still reports the
   * remaining TTL — the fastest read. `'plain'`: values are stored as given, for keys other
   * programs read or write too; `get` then asks Redis for the TTL with a Lua script (GET + PTTL),
   * about 1.3x the cost of a GET. Plain values written by others are read in both formats
   * (`'framed'` reports no TTL for them, so the cache promotes them with its default TTL).
   * @default 'framed'
   */
  readonly valueFormat?: 'framed' | 'plain';
  /**
   * Coalesce the reads of one tick (framed values): the first `get` of a tick is one plain GET
   * sent at once; the `get`s that follow it in the same tick leave together as one MGET (one per
   * hash slot, one pipeline per node on a Cluster), so many concurrent callers cost a few
   * commands instead of one each. A key holding another Redis type reads as a miss in a batch
   * (MGET's rule) instead of failing with WRONGTYPE. `false` sends one GET per `get`.
   * @default true
   */
  readonly coalesceReads?: boolean;
  /**
   * Milliseconds a command may wait for its reply (connections the store creates). Off by
   * default: ioredis then sets no timer per command (5-10% more throughput), and through the
   * cache every call is already bounded by the cache's `timeout`, while its circuit breaker
   * stops sending commands to a hung server. Set it when you use the store on its own.
   * @default 0 (off)
   */
  readonly commandTimeout?: number;
  /** Milliseconds to establish a TCP connection before retrying (connections the store creates). @default 2000 */
  readonly connectTimeout?: number;
  /** Longest pause between reconnection attempts; the store reconnects forever. @default 2000 */
  readonly maxReconnectDelayMs?: number;
  /** Extra ioredis options for connections the store creates (e.g. `tls`, `password` with sentinels); they win over the store's. */
  readonly clientOptions?: RedisOptions;
  /** @deprecated Renamed `clientOptions` (the same name as in `nodeRedisStore`). */
  readonly redisOptions?: RedisOptions;
  /** Extra ioredis Cluster options for a Cluster the store creates; they win over the store's. */
  readonly clusterOptions?: ClusterOptions;
  /** Called with connection errors of connections the store creates, passwords hidden. @default ignore them (the cache counts failed calls) */
  readonly onError?: (error: Error) => void;
}
