import type { Buffer } from 'node:buffer';
import { CacheError } from '@multi-tier-cache/core';
import type { RedisBusOptions } from './redis-bus-options.js';

/**
 * The prefixes `tracking` asks for, longest first; undefined when tracking is off.
 *
 * @example
 * ```ts
 * trackedPrefixes(true); // ['mtc:']
 * ```
 */
export function trackedPrefixes(
  tracking: RedisBusOptions['tracking'],
): readonly string[] | undefined {
  if (tracking === undefined || tracking === false) return undefined;
  const prefixes = tracking === true ? ['mtc:'] : [...(tracking.prefixes ?? ['mtc:'])];
  if (prefixes.length === 0 || prefixes.some((prefix) => prefix.length === 0)) {
    throw new CacheError(
      'configuration',
      "tracking.prefixes must be non-empty strings, e.g. ['mtc:']: an empty prefix would track every key in Redis",
    );
  }
  return prefixes.sort((a, b) => b.length - a.length);
}

/**
 * The cache keys of reported Redis keys: each without the (longest) tracked prefix it starts
 * with; keys under no prefix, or that are only a prefix, are left out.
 *
 * @example
 * ```ts
 * cacheKeys([Buffer.from('mtc:user:1')], ['mtc:']); // ['user:1']
 * ```
 */
export function cacheKeys(redisKeys: readonly Buffer[], prefixes: readonly string[]): string[] {
  const keys: string[] = [];
  for (const raw of redisKeys) {
    const redisKey = raw.toString();
    const prefix = prefixes.find((candidate) => redisKey.startsWith(candidate));
    if (prefix !== undefined && redisKey.length > prefix.length) {
      keys.push(redisKey.slice(prefix.length));
    }
  }
  return keys;
}
