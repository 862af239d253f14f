import { compileGlob, type GlobMatcher } from '../glob.js';

/** One pattern invalidation: its glob and when it was made (ms since the epoch). */
export type PatternEntry = readonly [glob: string, at: number];

interface Recorded {
  readonly glob: string;
  readonly at: number;
  readonly matcher: GlobMatcher;
}

/** Longest glob kept from a shared record (bytes from a tier are untrusted). */
const MAX_GLOB_CHARS = 1024;

/**
 * The pattern invalidations a shared tier without `deleteMatching` (memcached) could not apply:
 * an entry read from that tier that matches a pattern invalidated after the entry was written is
 * a miss, as if the tier had deleted it. Bounded by count (past it the tier is cleared instead,
 * see {@link add}) and by age (`memoryMs`, after which entries written before the pattern are
 * assumed expired). Instances share it through the tier itself, as one small key.
 *
 * @example
 * ```ts
 * const record = new PatternRecord(256, 3_600_000, 100);
 * record.add('user:*', Date.now());
 * record.hides('user:1', writtenAt); // true when written before the invalidation
 * ```
 */
export class PatternRecord {
  readonly #maxEntries: number;
  readonly #memoryMs: number;
  readonly #skewMs: number;
  #entries: Recorded[] = [];

  constructor(maxEntries: number, memoryMs: number, skewMs: number) {
    this.#maxEntries = maxEntries;
    this.#memoryMs = memoryMs;
    this.#skewMs = skewMs;
  }

  get empty(): boolean {
    return this.#entries.length === 0;
  }

  /** How long a shared copy of the record must live. */
  get memoryMs(): number {
    return this.#memoryMs;
  }

  /**
   * Records a pattern invalidation; resolves to false when the record is full, and then the
   * caller clears the tier (which makes every recorded pattern moot) and calls {@link reset}.
   */
  add(glob: string, at: number): boolean {
    this.#prune(at);
    const same = this.#entries.findIndex((entry) => entry.glob === glob);
    if (same !== -1) {
      if (this.#entries[same]!.at >= at) return true;
      this.#entries.splice(same, 1);
    } else if (this.#entries.length >= this.#maxEntries) {
      return false;
    }
    this.#entries.push({ glob, at, matcher: compileGlob(glob) });
    return true;
  }

  /** Forgets every pattern (after a clear of the tier). */
  reset(): void {
    this.#entries = [];
  }

  /** Takes in the entries another instance shared, the newest per glob winning. */
  merge(entries: readonly PatternEntry[]): void {
    for (const [glob, at] of entries) if (!this.add(glob, at)) return;
  }

  /**
   * Whether an entry of `key` written at `writtenAt` (undefined: unknown) predates a matching
   * pattern invalidation, allowing for clock skew between the two writers.
   */
  hides(key: string, writtenAt: number | undefined): boolean {
    for (const entry of this.#entries) {
      if (
        (writtenAt === undefined || writtenAt <= entry.at + this.#skewMs) &&
        entry.matcher.test(key)
      ) {
        return true;
      }
    }
    return false;
  }

  /** The record as bytes for the shared key. */
  encode(): Uint8Array {
    return new TextEncoder().encode(
      JSON.stringify(this.#entries.map((entry) => [entry.glob, entry.at])),
    );
  }

  /** The entries of bytes read from a tier: anything malformed is dropped, never thrown. */
  static decode(bytes: Uint8Array, maxEntries: number): PatternEntry[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    const entries: PatternEntry[] = [];
    for (const item of parsed.slice(0, maxEntries)) {
      if (
        Array.isArray(item) &&
        typeof item[0] === 'string' &&
        item[0].length > 0 &&
        item[0].length <= MAX_GLOB_CHARS &&
        typeof item[1] === 'number' &&
        Number.isFinite(item[1])
      ) {
        entries.push([item[0], item[1]]);
      }
    }
    return entries;
  }

  #prune(now: number): void {
    const oldest = now - this.#memoryMs;
    if (this.#entries.some((entry) => entry.at < oldest)) {
      this.#entries = this.#entries.filter((entry) => entry.at >= oldest);
    }
  }
}
