import { compileGlob } from '../glob.js';
import type { L2Entry, L2Store } from '../stores/l2-store.js';
import { memoryLocks } from '../stores/memory-locks.js';
import { validatePrefix } from '../stores/store-prefix.js';
import { storeTtlMs } from '../stores/store-ttl.js';

/**
 * Options of {@link memoryL2Store}.
 *
 * @example
 * ```ts
 * const shared = new Map();
 * const a = memoryL2Store({ prefix: 'app-a:', data: shared });
 * const b = memoryL2Store({ prefix: 'app-b:', data: shared });
 * ```
 */
export interface MemoryL2StoreOptions {
  /** Prefix added to every key; `clear()` removes only keys under it. @default 'mtc:' */
  readonly prefix?: string;
  /** Backing map, to let several stores (or simulated instances) share one "server". */
  readonly data?: Map<string, MemoryL2Slot>;
  /** Name in stats and health reports. @default 'memory-l2' */
  readonly name?: string;
}

/** One stored value of {@link memoryL2Store}. */
export interface MemoryL2Slot {
  readonly value: Uint8Array;
  readonly expiresAt: number;
}

/**
 * An in-memory shared tier with TTLs, holding copies of the bytes it is given: the reference
 * implementation of {@link L2Store}, for unit tests and for users' own tests.
 *
 * @example
 * ```ts
 * const cache = createCache({ l1: memoryL1Store(), l2: [memoryL2Store()] });
 * ```
 */
export function memoryL2Store(options: MemoryL2StoreOptions = {}): L2Store {
  const prefix = validatePrefix(options.prefix ?? 'mtc:', 'memoryL2Store');
  const data = options.data ?? new Map<string, MemoryL2Slot>();

  function read(key: string): L2Entry | undefined {
    const slot = data.get(prefix + key);
    if (slot === undefined) return undefined;
    const ttlMs = slot.expiresAt - Date.now();
    if (ttlMs <= 0) {
      data.delete(prefix + key);
      return undefined;
    }
    return { value: slot.value.slice(), ttlMs };
  }

  function write(key: string, value: Uint8Array, ttlMs: number): void {
    data.set(prefix + key, { value: value.slice(), expiresAt: Date.now() + ttlMs });
  }

  function deleteWhere(matches: (key: string) => boolean): number {
    let removed = 0;
    for (const fullKey of data.keys()) {
      if (fullKey.startsWith(prefix) && matches(fullKey.slice(prefix.length))) {
        data.delete(fullKey);
        removed++;
      }
    }
    return removed;
  }

  return {
    name: options.name ?? 'memory-l2',
    capabilities: { deleteMatching: true, remainingTtl: true, locks: true, replacingLocks: true },
    ...memoryLocks(data, prefix, (key) => read(key) !== undefined, write),
    async get(key) {
      return read(key);
    },
    async getMany(keys) {
      return keys.map(read);
    },
    async set(key, value, ttlMs) {
      write(key, value, storeTtlMs(ttlMs, key));
    },
    async setMany(entries) {
      const ttls = entries.map((entry) => storeTtlMs(entry.ttlMs, entry.key));
      for (const [index, entry] of entries.entries()) write(entry.key, entry.value, ttls[index]!);
    },
    async delete(keys) {
      let removed = 0;
      for (const key of keys) if (read(key) !== undefined && data.delete(prefix + key)) removed++;
      return removed;
    },
    async deleteMatching(glob) {
      const pattern = compileGlob(glob);
      return deleteWhere((key) => pattern.test(key));
    },
    async clear() {
      deleteWhere(() => true);
    },
    async ping() {
      return 0;
    },
    async close() {},
  };
}
