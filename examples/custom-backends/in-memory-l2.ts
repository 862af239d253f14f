import { compileGlob, type L2Entry, type L2Store, type L2WriteEntry } from '@multi-tier-cache/core';

/** One value held by {@link InMemoryL2}. */
export interface InMemoryL2Slot {
  readonly bytes: Uint8Array;
  readonly expiresAt: number;
}

/**
 * The Rust example's in-memory L2 with TTL as an {@link L2Store}: it holds bytes and reports the
 * remaining TTL on `get` (the Rust `get_with_ttl`), so the cache promotes with the time left.
 * Pass the same `Map` to several stores to let several cache instances share one "server". The map
 * belongs to this store alone, so `clear()` may empty it (a store on a real server would only
 * remove keys under its own prefix).
 *
 * @example
 * ```ts
 * const server = new Map();
 * const a = createCache({ l2: [new InMemoryL2(server)] });
 * const b = createCache({ l2: [new InMemoryL2(server)] });
 * ```
 */
export class InMemoryL2 implements L2Store {
  readonly name = 'in-memory-l2';
  readonly capabilities = { deleteMatching: true, remainingTtl: true } as const;
  readonly #data: Map<string, InMemoryL2Slot>;

  constructor(data: Map<string, InMemoryL2Slot> = new Map()) {
    this.#data = data;
  }

  async get(key: string): Promise<L2Entry | undefined> {
    return this.#read(key);
  }

  async getMany(keys: readonly string[]): Promise<(L2Entry | undefined)[]> {
    return keys.map((key) => this.#read(key));
  }

  async set(key: string, value: Uint8Array, ttlMs: number): Promise<void> {
    // Copy: the caller may reuse its buffer.
    this.#data.set(key, { bytes: value.slice(), expiresAt: Date.now() + ttlMs });
  }

  async setMany(entries: readonly L2WriteEntry[]): Promise<void> {
    for (const { key, value, ttlMs } of entries) await this.set(key, value, ttlMs);
  }

  async delete(keys: readonly string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) if (this.#read(key) !== undefined && this.#data.delete(key)) removed++;
    return removed;
  }

  async deleteMatching(glob: string): Promise<number> {
    const pattern = compileGlob(glob);
    let removed = 0;
    for (const key of [...this.#data.keys()]) {
      if (pattern.test(key) && this.#data.delete(key)) removed++;
    }
    return removed;
  }

  async clear(): Promise<void> {
    this.#data.clear();
  }

  async ping(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {}

  #read(key: string): L2Entry | undefined {
    const slot = this.#data.get(key);
    if (slot === undefined) return undefined;
    const ttlMs = slot.expiresAt - Date.now();
    if (ttlMs <= 0) {
      this.#data.delete(key);
      return undefined;
    }
    return { value: slot.bytes.slice(), ttlMs };
  }
}
