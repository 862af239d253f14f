import { parseTtl, type Ttl } from './ttl.js';

/**
 * TTL presets named as in the Rust crate. `CacheStrategy.Custom(ttl)` makes any other.
 *
 * | strategy | TTL |
 * |---|---|
 * | RealTime | 10 s |
 * | ShortTerm | 5 min |
 * | MediumTerm | 1 h |
 * | LongTerm | 3 h |
 * | Default | 5 min |
 *
 * @example
 * ```ts
 * await cache.set('price:btc', 64000, CacheStrategy.RealTime);
 * await cache.set('report', data, CacheStrategy.Custom('30m'));
 * ```
 */
export const CacheStrategy = {
  RealTime: { name: 'RealTime', ttlMs: 10_000 },
  ShortTerm: { name: 'ShortTerm', ttlMs: 300_000 },
  MediumTerm: { name: 'MediumTerm', ttlMs: 3_600_000 },
  LongTerm: { name: 'LongTerm', ttlMs: 10_800_000 },
  Default: { name: 'Default', ttlMs: 300_000 },
  Custom(ttl: Ttl): CacheStrategyValue {
    return { name: 'Custom', ttlMs: parseTtl(ttl) };
  },
} as const;

/**
 * One TTL strategy: a name for logs and its TTL in milliseconds.
 *
 * @example
 * ```ts
 * const hourly: CacheStrategyValue = CacheStrategy.MediumTerm;
 * ```
 */
export interface CacheStrategyValue {
  readonly name: string;
  readonly ttlMs: number;
}

/**
 * A strategy or options with a TTL, as `set` and `updateCache` accept (they also take a plain
 * {@link Ttl}: a number is milliseconds, as in cache-manager).
 *
 * @example
 * ```ts
 * await cache.set('a', 1, CacheStrategy.ShortTerm);
 * await cache.set('b', 2, { ttl: '10s' });
 * ```
 */
export type TtlOption = CacheStrategyValue | { readonly ttl: Ttl };

/**
 * Resolves a strategy, `{ ttl }` or a plain {@link Ttl} to milliseconds, or `fallbackMs` when
 * none is given; anything else is `CacheError('invalid-ttl')`.
 *
 * @example
 * ```ts
 * resolveTtl({ ttl: '1m' }, 300_000); // 60000
 * ```
 */
export function resolveTtl(option: TtlOption | Ttl | undefined, fallbackMs: number): number {
  if (option === undefined) return fallbackMs;
  if (typeof option === 'object' && option !== null) {
    return parseTtl('ttlMs' in option ? option.ttlMs : option.ttl);
  }
  return parseTtl(option);
}
