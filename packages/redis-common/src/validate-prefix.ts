import { CacheError } from '@multi-tier-cache/core';

/**
 * `prefix` when a store may use it, else a `CacheError('configuration')`: an empty prefix would let
 * `clear()` SCAN `*` and remove every key of the database, other applications' keys included.
 * `store` names the factory in the message (`ioredisStore`, `nodeRedisStore`).
 *
 * @example
 * ```ts
 * const prefix = validatePrefix(options.prefix ?? 'mtc:', 'ioredisStore');
 * ```
 */
export function validatePrefix(prefix: string, store: string): string {
  if (typeof prefix !== 'string' || prefix === '') {
    throw new CacheError(
      'configuration',
      `${store}: the prefix option is ${prefix === '' ? 'empty' : String(prefix)}; an empty prefix would let clear() empty the whole database. Set a prefix such as "app:" (or leave it out for "mtc:")`,
    );
  }
  return prefix;
}
