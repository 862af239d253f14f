import type { RedisClientOptions, RedisClientType } from 'redis';

// biome-ignore lint/suspicious/noExplicitAny: accepts clients with any modules, scripts, RESP version and type mapping
type Any = any;

/** A connected or unconnected node-redis client (`createClient()`), whatever its modules. */
export type NodeRedisClient = RedisClientType<Any, Any, Any, Any, Any>;
type Argument = string | Buffer;
type Listener = (...args: Any[]) => void;

/** A master of a {@link NodeRedisCluster}, as node-redis describes it. */
export interface NodeRedisClusterMaster {
  /** `host:port`. */
  readonly address: string;
  readonly client?: NodeRedisClient;
}

/**
 * The parts of a node-redis cluster client (`createCluster()`) the store uses, so that clusters
 * with any modules, RESP version or type mapping fit.
 */
export interface NodeRedisCluster {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  readonly slots: readonly ({ readonly master: NodeRedisClusterMaster } | undefined)[];
  readonly masters: readonly NodeRedisClusterMaster[];
  nodeClient(node: NodeRedisClusterMaster): Promise<NodeRedisClient>;
  sendCommand(
    firstKey: Argument | undefined,
    isReadonly: boolean | undefined,
    args: Argument[],
    options?: { typeMapping?: Any; timeout?: number },
  ): Promise<unknown>;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): unknown;
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

/** The parts of a node-redis sentinel client (`createSentinel()`) the store uses. */
export interface NodeRedisSentinel {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  sendCommand(isReadonly: boolean | undefined, args: Argument[], options?: Any): Promise<unknown>;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): unknown;
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

/** host and port of a Redis node or a sentinel. */
export interface RedisNodeAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Options of {@link nodeRedisStore}. Give at most one of `url`, `client`, `cluster`, `clusterNodes`,
 * `sentinels` or `sentinel`; with none, the URL comes from `REDIS_URL`, then a `.env` file, then
 * `redis://127.0.0.1:6379`.
 *
 * @example
 * ```ts
 * nodeRedisStore({ url: 'rediss://user:secret@cache.example.com:6380/2', prefix: 'shop:' });
 * ```
 */
export interface NodeRedisStoreOptions {
  /**
   * `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. The store creates the
   * client, connects it and closes it in `close()`.
   * @default process.env.REDIS_URL, else REDIS_URL in ./.env, else 'redis://127.0.0.1:6379'
   */
  readonly url?: string;
  /**
   * A client you created (`createClient()`). The store connects it if it is not open yet, never
   * closes it, and adds an `'error'` listener (removed in `close()`) so that a lost connection
   * cannot crash the process. Its `keyPrefix` is not used: set `prefix` instead.
   */
  readonly client?: NodeRedisClient;
  /** A cluster client you created (`createCluster()`); connected if needed, never closed. */
  readonly cluster?: NodeRedisCluster;
  /**
   * Seed nodes of a Redis Cluster, as `{ host, port }` or URLs; the store creates the cluster
   * client. Credentials and TLS of the first node apply to every node.
   */
  readonly clusterNodes?: readonly (RedisNodeAddress | string)[];
  /** @deprecated Renamed `clusterNodes` (the same name as in `ioredisStore`). */
  readonly rootNodes?: readonly (RedisNodeAddress | string)[];
  /**
   * Sentinels watching the master named `masterName`, as `{ host, port }` or URLs; the store
   * follows failovers. Credentials and TLS of the first URL log in to the sentinels.
   */
  readonly sentinels?: readonly (RedisNodeAddress | string)[];
  /** A sentinel client you created (`createSentinel()`); connected if needed, never closed. */
  readonly sentinel?: NodeRedisSentinel;
  /** Name of the master the sentinels watch. @default 'mymaster' */
  readonly masterName?: string;
  /** The tier's name in stats, events and health reports. @default 'node-redis' */
  readonly name?: string;
  /**
   * Prepended to every key. `clear()` and `deleteMatching()` only touch keys under it. Use a hash
   * tag in a key (`{user:1}:profile`) to keep keys in one cluster slot. An empty prefix is refused
   * with `CacheError('configuration')`: `clear()` would empty the whole database.
   * @default 'mtc:'
   */
  readonly prefix?: string;
  /**
   * How values are laid out in Redis, as in `@multi-tier-cache/l2-ioredis` (so both stores read
   * each other's keys). `'framed'`: each value carries its absolute expiry in a 21-byte header
   * (core's `frameWithExpiry`), so `get` is one GET that still reports the remaining TTL.
   * `'plain'`: values stored as given, for keys other programs read or write; `get` pipelines
   * GET + PTTL. Plain values written by others are read in both formats (`'framed'` reports no
   * TTL for them).
   * @default 'framed'
   */
  readonly valueFormat?: 'framed' | 'plain';
  /**
   * Coalesce the reads of one tick (framed values): the first `get` of a tick is one plain GET
   * sent at once; the `get`s that follow it in the same tick leave together as one MGET (one per
   * hash slot, one pipeline per master on a cluster), so many concurrent callers cost a few
   * commands instead of one each. A key holding another Redis type reads as a miss in a batch
   * (MGET's rule) instead of failing with WRONGTYPE. `false` sends one GET per `get`.
   * @default true
   */
  readonly coalesceReads?: boolean;
  /**
   * node-redis' per-command `timeout` for the store's commands; 0 arms none. node-redis arms a
   * timer and an AbortSignal per command (5 s by default) that only bounds the wait to be
   * written to the socket, never the wait for the reply, and costs more than the GET itself on a
   * hit. The store refuses calls at once while the connection is down, and through the cache
   * every call is bounded by the cache's `timeout`. A `commandOptions.timeout` you configured on
   * the client is kept.
   * @default the client's configured `commandOptions.timeout`, else 0 (none)
   */
  readonly commandTimeout?: number;
  /** Deadline of one TCP/TLS connection attempt, in milliseconds. @default 2000 */
  readonly connectTimeout?: number;
  /** @deprecated Renamed `connectTimeout` (the same name as in `ioredisStore`). */
  readonly connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts; the store never stops retrying. @default 2000 */
  readonly maxReconnectDelayMs?: number;
  /** Keys per SCAN step and per UNLINK batch in `clear()` and `deleteMatching()`. @default 1000 */
  readonly scanCount?: number;
  /**
   * More options for the connections the store creates (TLS certificates, `username`/`password`
   * for cluster nodes or sentinel-managed nodes, `RESP`, ...). Ignored with `client`, `cluster`
   * and `sentinel`.
   */
  readonly clientOptions?: Partial<RedisClientOptions>;
  /**
   * Called with connection errors node-redis reports in the background, passwords hidden (they
   * are otherwise swallowed; each failed call still rejects and is counted by the cache).
   * @default ignore
   */
  readonly onError?: (error: unknown) => void;
}
