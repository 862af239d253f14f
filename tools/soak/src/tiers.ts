import type { L2Store } from '@multi-tier-cache/core';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { memcachedStore } from '@multi-tier-cache/l2-memcached';
import { allKeys, PREFIX } from './keys.js';
import type { Truth } from './truth.js';

/**
 * Resurrection checks: once a key's writes have settled, no shared tier may hold a version older
 * than the latest resolved write. Each (tier, key, version) is counted once.
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
        held = Number(JSON.parse(Buffer.from(entry.value).toString('utf8')));
      } catch {
        continue; // the tier is down: nothing to sample now
      }
      this.checks++;
      if (held < expected) this.found.add(`${tier.name} ${key}: v${held} after v${expected}`);
    }
  }

  async sweep(): Promise<void> {
    for (const key of allKeys()) await this.check(key);
  }

  async close(): Promise<void> {
    await Promise.all(this.#tiers.map((tier) => tier.store.close().catch(() => {})));
  }
}
