import { compileGlob, type GlobMatcher } from '@multi-tier-cache/core';

/** How many pattern invalidations are remembered; older ones raise the floor. */
const PATTERNS_KEPT = 64;

/**
 * The newest version this instance holds per key, from the messages it sent and received, so a
 * late `update` (a queued or retried publish delivered after a newer write) never puts an older
 * value into L1. Bounded: keys and patterns evicted raise a floor, and an update for a key no
 * longer known is trusted only above that floor (below it, it is applied as a remove, which is
 * always safe). Removes are never refused: arriving late, they cost a miss, never a stale value.
 *
 * @example
 * ```ts
 * const order = new KeyOrder(100_000);
 * order.record({ type: 'update', key: 'user:1', value, ttlMs: 1000, version: 41 });
 * order.verdict('user:1', 40); // 'older'
 * ```
 */
export class KeyOrder {
  readonly #maxKeys: number;
  readonly #versions = new Map<string, number>();
  #patterns: { readonly test: GlobMatcher; readonly version: number }[] = [];
  #floor = 0;

  constructor(maxKeys: number) {
    this.#maxKeys = Math.max(1, maxKeys);
  }

  /** Remembers the version of a message sent or applied. */
  record(key: string, version: number): void {
    const held = this.#versions.get(key);
    if (held !== undefined && held >= version) return;
    // Re-inserted, so the map's order is the order of last change and eviction drops the oldest.
    this.#versions.delete(key);
    this.#versions.set(key, version);
    if (this.#versions.size > this.#maxKeys) {
      const [oldest, evicted] = this.#versions.entries().next().value as [string, number];
      this.#versions.delete(oldest);
      if (evicted > this.#floor) this.#floor = evicted;
    }
  }

  recordPattern(pattern: string, version: number): void {
    this.#patterns.push({ test: compileGlob(pattern), version });
    if (this.#patterns.length > PATTERNS_KEPT) {
      const evicted = this.#patterns.shift()!;
      if (evicted.version > this.#floor) this.#floor = evicted.version;
    }
  }

  recordClear(version: number): void {
    if (version > this.#floor) this.#floor = version;
    this.#versions.clear();
    this.#patterns = [];
  }

  /**
   * Whether an update of `key` at `version` is the newest known ('newer'), older than a write this
   * instance holds ('older': drop it), or only older than what was forgotten ('unknown': apply it
   * as a remove).
   */
  verdict(key: string, version: number): 'newer' | 'older' | 'unknown' {
    const held = this.#versions.get(key);
    if (held !== undefined && held >= version) return 'older';
    for (const pattern of this.#patterns) {
      if (pattern.version >= version && pattern.test.test(key)) return 'older';
    }
    if (held === undefined && version <= this.#floor) return 'unknown';
    return 'newer';
  }
}
