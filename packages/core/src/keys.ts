import { CacheError } from './errors.js';

/** Longest key the cache accepts by default, in UTF-16 code units. */
export const DEFAULT_MAX_KEY_LENGTH = 1024;

/**
 * Throws `CacheError('invalid-key')` unless `key` is a non-empty string of at most `maxLength`.
 *
 * @example
 * ```ts
 * assertValidKey('user:1', 1024);
 * ```
 */
export function assertValidKey(key: unknown, maxLength: number): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > maxLength) {
    throw invalidKeyError(key, maxLength);
  }
}

/**
 * The `CacheError('invalid-key')` explaining why `key` is refused.
 *
 * @example
 * ```ts
 * invalidKeyError('', 1024).message; // 'key is empty: pass a non-empty string'
 * ```
 */
export function invalidKeyError(key: unknown, maxLength: number): CacheError {
  if (typeof key !== 'string') {
    return new CacheError('invalid-key', `key must be a string, got ${typeof key}`);
  }
  if (key.length === 0)
    return new CacheError('invalid-key', 'key is empty: pass a non-empty string');
  return new CacheError(
    'invalid-key',
    `key is ${key.length} characters; the cache allows ${maxLength}: shorten it or raise maxKeyLength`,
  );
}
