import { CacheError } from '../errors.js';

/**
 * The TTL contract every {@link L2Store} keeps for `set` and `setMany`: `ttlMs` must be a finite
 * number above zero, or the call rejects with `CacheError('invalid-ttl')` and writes nothing;
 * fractions round up to whole milliseconds; a TTL longer than the server can keep is clamped to
 * `maxTtlMs` (the value is kept and its remaining TTL reads as the clamped one, never lost).
 *
 * Stores call it inside their async `set`, so a bad TTL rejects rather than throws.
 *
 * @example
 * ```ts
 * async set(key, value, ttlMs) {
 *   const ms = storeTtlMs(ttlMs, key);
 *   await redis.set(key, value, 'PX', ms);
 * }
 * ```
 */
export function storeTtlMs(
  ttlMs: number,
  key: string,
  maxTtlMs: number = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new CacheError(
      'invalid-ttl',
      `ttl ${String(ttlMs)} for ${JSON.stringify(key)} is not a positive, finite number of milliseconds`,
    );
  }
  return Math.min(Math.ceil(ttlMs), maxTtlMs);
}
