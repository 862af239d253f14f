import { CacheError } from '../errors.js';

/**
 * The prefix rule every {@link L2Store} keeps: `prefix` when a store may use it, else a
 * `CacheError('configuration')`, since an empty prefix would let `clear()` remove every key of the
 * server (on Redis, SCAN `*` then UNLINK), other applications' keys included. `store` names the
 * factory in the message (`ioredisStore`, `memcachedStore`). Stores call it in their factory.
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
      `${store}: the prefix option is ${prefix === '' ? 'empty' : String(prefix)}; an empty prefix would let clear() empty the whole database (on memcached, every user of the servers). Set a prefix such as "app:" (or leave it out for "mtc:")`,
    );
  }
  return prefix;
}
