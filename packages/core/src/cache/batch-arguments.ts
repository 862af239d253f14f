import { CacheError } from '../errors.js';
import type { CacheStrategyValue, TtlOption } from '../strategy.js';
import type { Ttl } from '../ttl.js';
import { keyList, ttlArgument } from './call-arguments.js';

/**
 * One entry of `setMany`.
 *
 * @example
 * ```ts
 * await cache.setMany([{ key: 'user:1', value: ada, ttl: '10m' }, { key: 'user:2', value: bob }]);
 * ```
 */
export interface SetManyEntry {
  readonly key: string;
  /** Anything the serializer holds except `undefined` (store `null` for "nothing"). */
  readonly value: unknown;
  /** TTL of this entry. @default the cache's defaultTtl */
  readonly ttl?: Ttl | TtlOption | CacheStrategyValue;
}

/** The keys of a batch read, checked: an array of valid keys. */
export function batchKeys(keys: unknown, maxKeyLength: number): string[] {
  if (!Array.isArray(keys)) {
    throw new CacheError('invalid-key', `keys must be an array of strings, got ${typeof keys}`);
  }
  return keyList(keys, maxKeyLength);
}

/** The entries of `setMany`, checked: keys and TTLs (values are checked while encoding). */
export function batchEntries(
  entries: unknown,
  maxKeyLength: number,
  fallbackMs: number,
): { key: string; value: unknown; ttlMs: number }[] {
  if (!Array.isArray(entries)) {
    throw new CacheError(
      'invalid-value',
      `setMany needs an array of { key, value, ttl? }, got ${typeof entries}`,
    );
  }
  return entries.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) {
      throw new CacheError(
        'invalid-value',
        'each setMany entry must be an object { key, value, ttl? }',
      );
    }
    const { key, value, ttl } = entry as SetManyEntry;
    keyList([key], maxKeyLength);
    return { key, value, ttlMs: ttlArgument(ttl, fallbackMs) };
  });
}
