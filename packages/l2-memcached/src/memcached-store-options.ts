/**
 * Options of {@link memcachedStore}. Every field has a default.
 *
 * @example
 * ```ts
 * const store = memcachedStore({
 *   servers: ['10.0.0.1:11211', '10.0.0.2:11211'],
 *   prefix: 'shop:',
 *   timeoutMs: 250,
 * });
 * ```
 */
export interface MemcachedStoreOptions {
  /**
   * Servers as `host:port` or `memcached://host:port`, a list or one comma-separated string.
   * Keys are spread over them by consistent hashing.
   * @default MEMCACHED_URL from the environment, else from `.env` in the working directory, else '127.0.0.1:11211'
   */
  readonly servers?: string | readonly string[];
  /**
   * Put before every key (after it comes the namespace generation, see `clear()`); not empty,
   * printable ASCII without spaces, at most 150 characters. Stores with different prefixes never
   * see each other's keys. An empty prefix throws `CacheError('configuration')`.
   * @default 'mtc:'
   */
  readonly prefix?: string;
  /** Deadline of every request; a later reply fails the call with `CacheError('timeout')`. @default 1000 */
  readonly timeoutMs?: number;
  /**
   * Pipelined connections per server. Each key always uses the same one, so the commands for a
   * key reach memcached in the order they were made.
   * @default 2
   */
  readonly connectionsPerServer?: number;
  /**
   * Largest value in bytes; larger writes are refused with `CacheError('value-too-large')` before
   * anything is written. Memcached's default item size limit (`-I`) is 1 MiB including the item
   * header and the key, so the default leaves 1 KiB for them. Raise it together with `-I`.
   * @default 1_047_552 (1 MiB − 1 KiB)
   */
  readonly maxValueBytes?: number;
  /** First reconnect delay after a connection fails; doubles per failed attempt. @default 50 */
  readonly reconnectInitialMs?: number;
  /** Longest reconnect delay. While waiting, calls to that server fail at once. @default 2000 */
  readonly reconnectMaxMs?: number;
  /**
   * How often each server's namespace generation is re-read, i.e. how soon another instance's
   * `clear()` is seen here. Reads never wait for it, except the first command to each server.
   * @default 1000
   */
  readonly namespaceRefreshMs?: number;
  /**
   * Memcached-side stampede protection across instances: a `get` that misses leaves a
   * placeholder for `leaseMs` and makes exactly one caller (of all instances) see the miss and
   * recompute; the others wait up to `waitMs` for its value, then recompute too. Keep `waitMs`
   * below the cache's `timeout`. A plain `get` that misses and never writes holds the lease until
   * it expires, so keep `leaseMs` near the time a computation takes. `true` takes the defaults.
   * @default false
   */
  readonly stampedeProtection?: boolean | StampedeProtectionOptions;
  /** Name in stats, events and health reports. @default 'memcached' */
  readonly name?: string;
}

/**
 * Settings of {@link MemcachedStoreOptions.stampedeProtection}.
 *
 * @example
 * ```ts
 * memcachedStore({ stampedeProtection: { leaseMs: 3000, waitMs: 400 } });
 * ```
 */
export interface StampedeProtectionOptions {
  /** How long the elected caller has to write the value (rounded up to seconds). @default 5000 */
  readonly leaseMs?: number;
  /** Longest wait of the other callers for that value. @default 300 */
  readonly waitMs?: number;
  /** Pause between two looks while waiting. @default 10 */
  readonly pollMs?: number;
}
