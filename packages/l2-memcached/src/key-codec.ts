import { createHash } from 'node:crypto';
import { CacheError, validatePrefix } from '@multi-tier-cache/core';

/** Memcached refuses keys longer than this many bytes. */
export const MAX_WIRE_KEY_BYTES = 250;

/** Longest prefix accepted, so that a generation and a hashed key always fit after it. */
export const MAX_PREFIX_BYTES = 150;

/** Longest namespace generation another instance may have written (see `namespace.ts`). */
export const MAX_GENERATION_CHARS = 16;

/**
 * The part of the key memcached sees that comes after `<prefix><generation>`: `:<key>` when the
 * whole wire key fits in 250 bytes of printable ASCII without spaces (counting the longest
 * generation, so the choice never depends on the generation), otherwise `#<sha256 of the key,
 * base64url>`. The `:` or `#` keeps the two forms apart, so a hashed key can never collide with a
 * key sent as is. Deterministic: every instance with the same prefix maps a key to the same tail,
 * and the tail alone places the key on a server, so a key stays on its server across `clear()`.
 *
 * @example
 * ```ts
 * keyTail('app:', 'user:1'); // ':user:1', sent as 'app:k3x9:user:1'
 * keyTail('app:', 'a key with spaces'); // '#<43 base64url characters>'
 * ```
 */
export function keyTail(prefix: string, key: string): string {
  if (prefix.length + MAX_GENERATION_CHARS + 1 + key.length <= MAX_WIRE_KEY_BYTES) {
    if (isPlainAscii(key)) return `:${key}`;
  }
  return `#${createHash('sha256').update(key).digest('base64url')}`;
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
  validatePrefix(prefix, 'memcachedStore');
  if (typeof prefix !== 'string' || prefix.length > MAX_PREFIX_BYTES || !isPlainAscii(prefix)) {
    throw new CacheError(
      'configuration',
      `prefix ${JSON.stringify(prefix)} is not usable with memcached: use at most ${MAX_PREFIX_BYTES} printable ASCII characters without spaces`,
    );
  }
}
