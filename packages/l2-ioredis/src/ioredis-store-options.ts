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
 * ioredisStore({ sentinels: [{ host: 'sentinel-1', port: 26379 }], name: 'mymaster' });
 * ```
 */
export interface IoredisStoreOptions {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. @default REDIS_URL, then .env, then 'redis://127.0.0.1:6379' */
  readonly url?: string;
  /** An ioredis client you created; the store uses it as it is and never closes it. */
  readonly client?: Redis;
  /** An ioredis Cluster you created; the store uses it as it is and never closes it. */
  readonly cluster?: Cluster;
  /** Seed nodes of a Redis Cluster; the store creates (and closes) the Cluster client. */
  readonly clusterNodes?: readonly RedisAddress[];
  /** Sentinels watching the master `name`; the store creates (and closes) the client. */
  readonly sentinels?: readonly RedisAddress[];
  /** Master group name the sentinels know, with `sentinels`. */
  readonly name?: string;
  /**
   * Added in front of every key. `clear()` and `deleteMatching()` only ever remove keys under it.
   * @default 'mtc:'
   */
  readonly prefix?: string;
  /**
   * Read the remaining TTL with every `get` (one Lua script: GET + PTTL), so promotion to L1
   * keeps the TTL Redis still has. `false` makes `get` a plain GET, a little cheaper, and the
   * cache then promotes with its default TTL (capped by `l1MaxTtl`): an L1 copy may outlive the
   * Redis key by up to that much.
   * @default true
   */
  readonly remainingTtl?: boolean;
  /**
   * Milliseconds a command may wait for its reply (connections the store creates). Bounds the
   * commands queued against a hung server; the cache's own timeout is usually shorter. `0`
   * turns the per-command timer off (slightly faster; a hung server then holds commands until
   * the connection drops).
   * @default 1000
   */
  readonly commandTimeout?: number;
  /** Milliseconds to establish a TCP connection before retrying (connections the store creates). @default 2000 */
  readonly connectTimeout?: number;
  /** Longest pause between reconnection attempts; the store reconnects forever. @default 2000 */
  readonly maxReconnectDelayMs?: number;
  /** Extra ioredis options for connections the store creates (e.g. `tls`, `password` with sentinels); they win over the store's. */
  readonly redisOptions?: RedisOptions;
  /** Extra ioredis Cluster options for a Cluster the store creates; they win over the store's. */
  readonly clusterOptions?: ClusterOptions;
  /** Called with connection errors of connections the store creates. @default ignore them (the cache counts failed calls) */
  readonly onError?: (error: Error) => void;
}
