import { createHash } from 'node:crypto';
import { CacheError } from '@multi-tier-cache/core';

/** Memcached refuses keys longer than this many bytes. */
export const MAX_WIRE_KEY_BYTES = 250;

/** Longest prefix accepted, so that a generation and a hashed key always fit after it. */
export const MAX_PREFIX_BYTES = 150;

/**
 * Turns a cache key into the key memcached sees: `<prefix><generation>:<key>` when that is at
 * most 250 bytes of printable ASCII without spaces, otherwise `<prefix><generation>#<sha256 of the
 * key, base64url>`. The separator after the generation (`:` or `#`) keeps the two forms apart, so
 * a hashed key can never collide with a key sent as is. Deterministic: every instance with the
 * same prefix maps a key to the same wire key.
 *
 * @example
 * ```ts
 * wireKey('app:', 'k3x9', 'user:1'); // 'app:k3x9:user:1'
 * wireKey('app:', 'k3x9', 'a key with spaces'); // 'app:k3x9#<43 base64url characters>'
 * ```
 */
export function wireKey(prefix: string, generation: string, key: string): string {
  const head = prefix.length + generation.length + 1;
  if (head + key.length <= MAX_WIRE_KEY_BYTES && isPlainAscii(key)) {
    return `${prefix}${generation}:${key}`;
  }
  return `${prefix}${generation}#${createHash('sha256').update(key).digest('base64url')}`;
}

/** True when every character is printable ASCII other than space (0x21 to 0x7e). */
function isPlainAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/**
 * Checks a store prefix: not empty, printable ASCII without spaces, at most
 * {@link MAX_PREFIX_BYTES} bytes.
 *
 * @example
 * ```ts
 * assertValidPrefix('app:'); // ok
 * ```
 */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') {
    throw new CacheError(
      'configuration',
      'prefix is empty: the keys and clear() of this store would share memcached with every other user of these servers; set a prefix such as "app:"',
    );
  }
  if (typeof prefix !== 'string' || prefix.length > MAX_PREFIX_BYTES || !isPlainAscii(prefix)) {
    throw new CacheError(
      'configuration',
      `prefix ${JSON.stringify(prefix)} is not usable with memcached: use at most ${MAX_PREFIX_BYTES} printable ASCII characters without spaces`,
    );
  }
}
