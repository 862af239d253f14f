/**
 * Options of {@link lruStore}.
 *
 * @example
 * ```ts
 * const options: LruStoreOptions = { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 };
 * ```
 */
export interface LruStoreOptions {
  /**
   * Entries kept before the least recently used one is evicted. lru-cache preallocates its
   * arrays for this many entries, so keep it to what you need.
   * @default 2000
   */
  readonly maxEntries?: number;
  /**
   * Evicts least recently used entries to keep the estimated total size at or under this many
   * bytes. An entry larger than `maxBytes` on its own is not cached (and drops the key's older
   * value). Unset: only `maxEntries` bounds the store.
   * @default undefined
   */
  readonly maxBytes?: number;
  /**
   * Size in bytes of a value, used only with `maxBytes`. The key's size (2 bytes per UTF-16
   * code unit) is added to it. Called once per `set`, never on `get`.
   * @default estimateSize: a bounded walk counting strings at 2 bytes per code unit, numbers at
   * 8, byte arrays at their length and objects at their fields
   */
  readonly sizeOf?: (value: unknown) => number;
  /**
   * Name in stats, events and health reports.
   * @default 'lru'
   */
  readonly name?: string;
}
