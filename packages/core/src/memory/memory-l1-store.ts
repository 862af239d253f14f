import { compileGlob } from '../glob.js';
import type { L1Store } from '../stores/l1-store.js';

/**
 * Options of {@link memoryL1Store}.
 *
 * @example
 * ```ts
 * memoryL1Store({ maxEntries: 500 });
 * ```
 */
export interface MemoryL1StoreOptions {
  /** Entries kept before the least recently used is evicted. @default 2000 */
  readonly maxEntries?: number;
}

interface Slot {
  value: unknown;
  expiresAt: number;
}

/**
 * A Map-based L1 with LRU eviction and per-entry expiry: the reference implementation of
 * {@link L1Store}, for tests and for users who want no dependency. Production code usually takes
 * `@multi-tier-cache/l1-lru`.
 *
 * @example
 * ```ts
 * const cache = createCache({ l1: memoryL1Store({ maxEntries: 100 }) });
 * ```
 */
export function memoryL1Store(options: MemoryL1StoreOptions = {}): L1Store {
  const maxEntries = options.maxEntries ?? 2000;
  const slots = new Map<string, Slot>();

  function live(key: string): Slot | undefined {
    const slot = slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt <= Date.now()) {
      slots.delete(key);
      return undefined;
    }
    slots.delete(key);
    slots.set(key, slot);
    return slot;
  }

  return {
    name: 'memory',
    get(key) {
      return live(key)?.value;
    },
    getWithTtl(key) {
      const slot = live(key);
      return slot && { value: slot.value, ttlMs: slot.expiresAt - Date.now() };
    },
    set(key, value, ttlMs) {
      slots.delete(key);
      slots.set(key, { value, expiresAt: Date.now() + ttlMs });
      if (slots.size > maxEntries) slots.delete(slots.keys().next().value!);
    },
    delete(key) {
      return slots.delete(key);
    },
    deleteMatching(glob) {
      const pattern = compileGlob(glob);
      let removed = 0;
      for (const key of slots.keys()) {
        if (pattern.test(key) && slots.delete(key)) removed++;
      }
      return removed;
    },
    clear() {
      slots.clear();
    },
    get size() {
      return slots.size;
    },
  };
}
