import { CacheError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/**
 * A time to live: milliseconds as a number, or a string such as `'500ms'`, `'10s'`, `'5m'`, `'3h'`, `'1d'`.
 *
 * @example
 * ```ts
 * await cache.set('k', v, { ttl: '5m' });
 * ```
 */
export type Ttl = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

/**
 * Converts a {@link Ttl} into whole milliseconds; throws `CacheError('invalid-ttl')` for anything
 * that is not a positive finite duration.
 *
 * @example
 * ```ts
 * parseTtl('5m'); // 300000
 * ```
 */
export function parseTtl(ttl: Ttl | string): number {
  let ms: number;
  if (typeof ttl === 'number') {
    ms = ttl;
  } else {
    const match = typeof ttl === 'string' ? DURATION.exec(ttl.trim()) : null;
    if (!match) {
      throw new CacheError(
        'invalid-ttl',
        `ttl ${JSON.stringify(ttl)} is not a duration: use milliseconds or a string like '500ms', '10s', '5m', '3h', '1d'`,
      );
    }
    ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new CacheError('invalid-ttl', `ttl ${String(ttl)} must be a positive, finite duration`);
  }
  return Math.ceil(ms);
}
