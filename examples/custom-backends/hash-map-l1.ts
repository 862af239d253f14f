import { compileGlob, type L1Store } from '@multi-tier-cache/core';

interface Slot {
  readonly value: unknown;
  readonly expiresAt: number;
}

/**
 * The Rust example's `HashMapCache` as an {@link L1Store}: a plain `Map` with an expiry per entry
 * and no eviction beyond TTL (so only for bounded key sets). Expired entries are dropped when read.
 *
 * @example
 * ```ts
 * const cache = new CacheSystemBuilder().withL1(new HashMapL1()).build();
 * ```
 */
export class HashMapL1 implements L1Store {
  readonly name = 'hashmap-l1';
  readonly #map = new Map<string, Slot>();

  get size(): number {
    return this.#map.size;
  }

  get(key: string): unknown {
    return this.#live(key)?.value;
  }

  getWithTtl(key: string): { value: unknown; ttlMs: number } | undefined {
    const slot = this.#live(key);
    return slot === undefined
      ? undefined
      : { value: slot.value, ttlMs: slot.expiresAt - Date.now() };
  }

  set(key: string, value: unknown, ttlMs: number): void {
    this.#map.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  delete(key: string): boolean {
    return this.#map.delete(key);
  }

  deleteMatching(glob: string): number {
    const pattern = compileGlob(glob);
    let removed = 0;
    for (const key of [...this.#map.keys()]) {
      if (pattern.test(key) && this.#map.delete(key)) removed++;
    }
    return removed;
  }

  clear(): void {
    this.#map.clear();
  }

  #live(key: string): Slot | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt <= Date.now()) {
      this.#map.delete(key);
      return undefined;
    }
    return slot;
  }
}
