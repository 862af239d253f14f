import type { Bus } from '../bus/bus.js';
import type { Serializer } from '../serialization/serializer.js';
import type { L1Store } from '../stores/l1-store.js';
import type { L2Store } from '../stores/l2-store.js';
import type { CacheOptions } from './cache-options.js';
import { MultiTierCache } from './multi-tier-cache.js';
import type { TierOptions } from './shared-tier.js';

/**
 * Assembles a cache step by step, as the Rust crate's `CacheSystemBuilder` does. Tiers are looked
 * up in the order they are added.
 *
 * @example
 * ```ts
 * const cache = new CacheSystemBuilder()
 *   .withL1(lruStore({ maxEntries: 2000 }))
 *   .withL2(ioredisStore({ url: process.env.REDIS_URL }))
 *   .withL3(archiveStore) // TTL x2, as in the Rust crate
 *   .build();
 * ```
 */
export class CacheSystemBuilder {
  #options: { -readonly [K in keyof CacheOptions]: CacheOptions[K] } = {};
  readonly #tiers: TierOptions[] = [];

  withL1(store: L1Store): this {
    this.#options.l1 = store;
    return this;
  }

  /** Adds the first shared tier (or another one after it). */
  withL2(store: L2Store): this {
    return this.withTier({ store });
  }

  /** Adds a shared tier whose writes get twice the TTL, as the Rust crate's L3. */
  withL3(store: L2Store): this {
    return this.withTier({ store, ttlScale: 2 });
  }

  /** Adds a shared tier whose writes get eight times the TTL, as the Rust crate's L4. */
  withL4(store: L2Store): this {
    return this.withTier({ store, ttlScale: 8 });
  }

  /** Adds a shared tier with its own promotion, TTL scale and maximum TTL. */
  withTier(tier: TierOptions): this {
    this.#tiers.push(tier);
    return this;
  }

  withBus(bus: Bus): this {
    this.#options.bus = bus;
    return this;
  }

  withSerializer(serializer: Serializer): this {
    this.#options.serializer = serializer;
    return this;
  }

  /** Any other {@link CacheOptions} (timeouts, default TTL, strict mode, ...). */
  withOptions(options: Omit<CacheOptions, 'l1' | 'l2'>): this {
    Object.assign(this.#options, options);
    return this;
  }

  build(): MultiTierCache {
    return new MultiTierCache({ ...this.#options, l2: this.#tiers });
  }
}
