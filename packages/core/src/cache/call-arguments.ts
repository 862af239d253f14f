import { CacheError } from '../errors.js';
import { assertValidKey } from '../keys.js';
import type { CacheStrategyValue, TtlOption } from '../strategy.js';
import { parseTtl, type Ttl } from '../ttl.js';
import type { GetOrComputeOptions, SetOptions } from './cache-options.js';

/**
 * Checks of the arguments of the public methods, run before anything is registered or written so
 * that a bad argument leaves no trace.
 */

/** What `getOrCompute` was asked, checked. */
export interface ComputeRequest {
  readonly ttlMs: number;
  readonly signal: AbortSignal | undefined;
  readonly forceFresh: boolean;
}

/** Milliseconds of a TTL argument: a number or duration string, a strategy, or `{ ttl }`. */
export function ttlArgument(
  option: TtlOption | SetOptions | Ttl | undefined,
  fallbackMs: number,
): number {
  if (option === undefined) return fallbackMs;
  if (typeof option === 'number' || typeof option === 'string') return parseTtl(option);
  if (typeof option !== 'object' || option === null) throw badTtl(option);
  if ('ttlMs' in option) return parseTtl(option.ttlMs);
  if ('ttl' in option && option.ttl !== undefined) return parseTtl(option.ttl);
  if ('strategy' in option && option.strategy !== undefined) {
    if (typeof option.strategy !== 'object' || option.strategy === null) {
      throw badTtl(option.strategy);
    }
    return parseTtl(option.strategy.ttlMs);
  }
  return fallbackMs;
}

/** Checks `getOrCompute`'s computation and options. */
export function computeRequest(
  compute: unknown,
  options: GetOrComputeOptions | CacheStrategyValue | Ttl | undefined,
  fallbackMs: number,
): ComputeRequest {
  if (typeof compute !== 'function') {
    throw new CacheError(
      'invalid-value',
      `getOrCompute needs a function that computes the value, got ${typeof compute}`,
    );
  }
  const ttlMs = ttlArgument(options, fallbackMs);
  if (typeof options !== 'object' || options === null || 'ttlMs' in options) {
    return { ttlMs, signal: undefined, forceFresh: false };
  }
  const signal = options.signal;
  if (signal !== undefined && typeof signal?.addEventListener !== 'function') {
    throw new CacheError('invalid-value', 'signal must be an AbortSignal');
  }
  return { ttlMs, signal, forceFresh: options.forceFresh === true };
}

/** The keys of `delete`/`invalidate`, checked. */
export function keyList(keys: unknown, maxKeyLength: number): string[] {
  const list = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? [...keys] : undefined;
  if (list === undefined) {
    throw new CacheError(
      'invalid-key',
      `keys must be a string or an array of strings, got ${typeof keys}`,
    );
  }
  for (const key of list) assertValidKey(key, maxKeyLength);
  return list;
}

/** Whether `set` tells other instances to drop their copy: the call's choice, else the cache's. */
export function broadcastArgument(option: unknown, cacheDefault: boolean): boolean {
  if (typeof option === 'object' && option !== null && 'broadcast' in option) {
    return (option as SetOptions).broadcast !== false;
  }
  return cacheDefault;
}

function badTtl(option: unknown): CacheError {
  return new CacheError(
    'invalid-ttl',
    `ttl ${String(option)} is not a TTL: pass milliseconds, a string like '5m', a CacheStrategy or { ttl }`,
  );
}
