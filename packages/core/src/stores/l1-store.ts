/**
 * The in-process tier. Synchronous, holds live values (not bytes) each with its own expiry.
 * Implementations must treat an expired entry as absent and must never return `undefined` for a
 * present entry (`null` is a value).
 *
 * @example
 * ```ts
 * const store: L1Store = memoryL1Store({ maxEntries: 1000 });
 * store.set('user:1', { name: 'Ada' }, 60_000);
 * store.get('user:1'); // { name: 'Ada' }
 * ```
 */
export interface L1Store {
  /** Short name used in stats, events and health reports, e.g. `'lru'`. */
  readonly name: string;
  /** The live value, or `undefined` when absent or expired. */
  get(key: string): unknown;
  /** The value with its remaining TTL in milliseconds, or `undefined` when absent or expired. */
  getWithTtl(key: string): { value: unknown; ttlMs: number } | undefined;
  /** Stores `value` for `ttlMs` milliseconds (a positive integer). */
  set(key: string, value: unknown, ttlMs: number): void;
  /** Removes the key; true when something was removed. */
  delete(key: string): boolean;
  /** Removes every key matching a Redis-style glob; returns how many were removed. */
  deleteMatching(glob: string): number;
  /** Removes everything this store holds. */
  clear(): void;
  /** Number of entries held (may count expired entries not yet purged). */
  readonly size: number;
}
