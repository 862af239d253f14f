import type { L2Store } from '@multi-tier-cache/core';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { memcachedStore } from '@multi-tier-cache/l2-memcached';
import { allKeys, PREFIX } from './keys.js';
import type { Truth } from './truth.js';

/** The key under which a tier without pattern deletes shares its pattern record (see core). */
const PATTERN_RECORD_KEY = '\u0000mtc:pattern-record';
/** Core's default clock-skew allowance, which the record's checks include. */
const CLOCK_SKEW_MS = 20;

/**
 * Resurrection checks: once a key's writes have settled, no shared tier may hold a version older
 * than the latest resolved write. An entry of memcached that its shared pattern record hides is
 * not one: no read returns it. Each (tier, key, version) is counted once.
 */
export class TierChecker {
  readonly #tiers: readonly { name: string; store: L2Store }[];
  readonly #truth: Truth;
  readonly #settleMs: number;
  readonly found = new Set<string>();
  checks = 0;

  constructor(redisUrl: string, memcachedAddress: string, truth: Truth, settleMs: number) {
    this.#truth = truth;
    this.#settleMs = settleMs;
    this.#tiers = [
      {
        name: 'redis',
        store: ioredisStore({ url: redisUrl, prefix: PREFIX, commandTimeout: 500 }),
      },
      {
        name: 'memcached',
        store: memcachedStore({ servers: [memcachedAddress], prefix: PREFIX, timeoutMs: 500 }),
      },
    ];
  }

  /** Checks `key` in every tier if its writes have settled. */
  async check(key: string): Promise<void> {
    const now = Date.now();
    if (await this.#truth.locked(key)) return;
    if ((await this.#truth.lastResolvedAt(key)) > now - this.#settleMs) return;
    const expected = await this.#truth.latestBefore(key, now);
    for (const tier of this.#tiers) {
      let held: number | undefined;
      try {
        const entry = await tier.store.get(key);
        if (entry === undefined) continue;
        if (tier.name === 'memcached' && (await this.#hidden(tier.store, key, entry.writtenAt))) {
          continue;
        }
        held = Number(JSON.parse(Buffer.from(entry.value).toString('utf8')));
      } catch {
        continue; // the tier is down: nothing to sample now
      }
      this.checks++;
      if (held < expected) this.found.add(`${tier.name} ${key}: v${held} after v${expected}`);
    }
  }

  /** Whether the shared pattern record of `store` hides an entry of `key` (globs: `gN:*`). */
  async #hidden(store: L2Store, key: string, writtenAt: number | undefined): Promise<boolean> {
    const record = await store.get(PATTERN_RECORD_KEY);
    if (record === undefined) return false;
    const entries = JSON.parse(Buffer.from(record.value).toString('utf8')) as [string, number][];
    return entries.some(
      ([glob, at]) =>
        key.startsWith(glob.slice(0, -1)) &&
        (writtenAt === undefined || writtenAt <= at + CLOCK_SKEW_MS),
    );
  }

  async sweep(): Promise<void> {
    for (const key of allKeys()) await this.check(key);
  }

  async close(): Promise<void> {
    await Promise.all(this.#tiers.map((tier) => tier.store.close().catch(() => {})));
  }
}
