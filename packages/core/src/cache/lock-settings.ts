import { CacheError } from '../errors.js';
import { parseTtl } from '../ttl.js';
import type { LockOptions } from './cache-options.js';

/** A lease's length and the longest wait for another instance's value, in milliseconds. */
export interface LockSettings {
  readonly ttlMs: number;
  readonly waitMs: number;
}

const DEFAULT_LOCK_TTL_MS = 5_000;

/**
 * The lock settings of a cache (`fallback` undefined) or of one call (`fallback` the cache's):
 * `undefined` means no lease. Throws `CacheError('invalid-ttl')` for a bad `ttl` or `wait`.
 */
export function lockSettings(
  option: LockOptions | boolean | undefined,
  fallback: LockSettings | undefined,
): LockSettings | undefined {
  if (option === undefined) return fallback;
  if (option === false) return undefined;
  if (option === true)
    return fallback ?? { ttlMs: DEFAULT_LOCK_TTL_MS, waitMs: DEFAULT_LOCK_TTL_MS };
  if (typeof option !== 'object' || option === null) {
    throw new CacheError('invalid-value', 'lock must be true, false or { ttl, wait }');
  }
  const ttlMs =
    option.ttl === undefined ? (fallback?.ttlMs ?? DEFAULT_LOCK_TTL_MS) : parseTtl(option.ttl);
  const waitMs = option.wait === undefined ? (fallback?.waitMs ?? ttlMs) : parseTtl(option.wait);
  return { ttlMs, waitMs };
}
