import type { L2ConditionalWrite } from './l2-conditional-write.js';
import type { L2Locks } from './l2-locks.js';

/**
 * A value read from a shared tier: its bytes and the TTL the tier still has for it.
 *
 * @example
 * ```ts
 * const entry = await store.get('user:1'); // { value: Uint8Array, ttlMs: 41_250 }
 * ```
 */
export interface L2Entry {
  readonly value: Uint8Array;
  /** Remaining time to live in milliseconds; `undefined` when the tier does not know it. */
  readonly ttlMs: number | undefined;
  /**
   * When the value was written (ms since the epoch, the writer's clock), for a store without
   * `deleteMatching` that knows it: the cache checks it against the pattern invalidations made
   * since, which such a store cannot apply itself. Without it, a value matching a recent pattern
   * invalidation reads as a miss.
   */
  readonly writtenAt?: number;
}

/**
 * One entry to write with {@link L2Store.setMany}.
 *
 * @example
 * ```ts
 * await store.setMany([{ key: 'a', value: bytes, ttlMs: 60_000 }]);
 * ```
 */
export interface L2WriteEntry {
  readonly key: string;
  readonly value: Uint8Array;
  readonly ttlMs: number;
}

/**
 * What a shared tier can do beyond the required operations.
 *
 * @example
 * ```ts
 * if (store.capabilities.deleteMatching) await store.deleteMatching!('user:*');
 * ```
 */
export interface L2Capabilities {
  /** `deleteMatching(glob)` is implemented (Redis: yes; Memcached: no). */
  readonly deleteMatching: boolean;
  /** `get` reports the remaining TTL (so promotion can keep it). */
  readonly remainingTtl: boolean;
  /**
   * `acquireLock`, `releaseLock` and `setIfLockHeld` are implemented ({@link L2Locks}), so the
   * cache can run one computation per key across instances. @default false
   */
  readonly locks?: boolean;
  /**
   * `acquireLock(key, ttl, { replacing: true })` takes the lease while the key holds a value
   * ({@link L2Locks}), so one instance recomputes a stale entry while the others serve it.
   * Without it the cache recomputes stale entries without a lease. @default false
   */
  readonly replacingLocks?: boolean;
  /**
   * `setIfNotNewer` and `deleteWithTombstone` are implemented ({@link L2ConditionalWrite}), so a
   * computed value never lands over a newer write or invalidation from any instance. @default false
   */
  readonly conditionalWrite?: boolean;
}

/**
 * A shared tier (L2, L3, ...): asynchronous, holds bytes. Keys given to the store are the cache's
 * keys; the store adds its own prefix so that `clear()` and `deleteMatching()` only ever touch keys
 * under that prefix, never a whole database. A store refuses an empty prefix at creation with
 * `CacheError('configuration')` ({@link validatePrefix}).
 *
 * Implementations may throw or reject on connection problems: the orchestrator times every call
 * out, counts the failure and falls back. Implementations must not throw for a missing key.
 *
 * @example
 * ```ts
 * const l2: L2Store = memoryL2Store();
 * await l2.set('user:1', new TextEncoder().encode('{"name":"Ada"}'), 60_000);
 * const entry = await l2.get('user:1');
 * ```
 */
export interface L2Store extends Partial<L2Locks>, Partial<L2ConditionalWrite> {
  /** Short name used in stats, events and health reports, e.g. `'redis'`. */
  readonly name: string;
  readonly capabilities: L2Capabilities;
  /**
   * Largest value in bytes the tier accepts (Memcached: 1 MiB by default). The cache refuses a
   * larger value with `CacheError('value-too-large')` before writing any tier.
   */
  readonly maxValueBytes?: number;
  /** The bytes and remaining TTL in one round trip, or `undefined` when absent. */
  get(key: string): Promise<L2Entry | undefined>;
  /** Several keys in one round trip (per server); the result has one slot per key, in order. */
  getMany(keys: readonly string[]): Promise<(L2Entry | undefined)[]>;
  /**
   * Stores bytes for `ttlMs` milliseconds. The contract ({@link storeTtlMs} implements it):
   * `ttlMs` must be a finite number above zero, otherwise the call rejects (never throws) with
   * `CacheError('invalid-ttl')` and writes nothing; fractions round up; a TTL longer than the
   * server keeps is clamped (the value is kept and its remaining TTL reads as the clamped one).
   */
  set(key: string, value: Uint8Array, ttlMs: number): Promise<void>;
  /** Several writes in one round trip (per server); one invalid TTL refuses the whole batch. */
  setMany(entries: readonly L2WriteEntry[]): Promise<void>;
  /** Removes keys; resolves to how many existed. */
  delete(keys: readonly string[]): Promise<number>;
  /** Removes every key under the prefix matching a Redis-style glob (when the capability is set). */
  deleteMatching?(glob: string): Promise<number>;
  /** Removes every key under this store's prefix, and nothing else. */
  clear(): Promise<void>;
  /** Round trip to the server; resolves to the latency in milliseconds, rejects when unreachable. */
  ping(): Promise<number>;
  /** Releases connections the store opened (never a client the user passed in). */
  close(): Promise<void>;
}
