import { CacheError, type L2Entry, readExpiryFrame } from '@multi-tier-cache/core';
import type { Command } from './backend.js';

/** The entry of a `GET` + `PTTL` pipeline's replies. */
export function toEntry(replies: unknown[]): L2Entry | undefined {
  return entryOf(replies[0] as Buffer | null, replies[1] as number);
}

/** The entry of a framed value's `GET` reply (see the `valueFormat` option). */
export function framedEntry(replies: unknown[]): L2Entry | undefined {
  return readFramed(replies[0] as Buffer | null);
}

/** The value and remaining TTL of framed bytes, or `undefined` for a missing key. */
export function readFramed(value: Buffer | null): L2Entry | undefined {
  return value === null ? undefined : readExpiryFrame(value);
}

/**
 * An entry from GET and PTTL replies. PTTL -1 means no expiry (`ttlMs` undefined); -2 or 0 means
 * the key expired between the two commands, which is a miss.
 */
export function entryOf(value: Buffer | null, pttl: number): L2Entry | undefined {
  if (value === null || pttl === -2 || pttl === 0) return undefined;
  return { value, ttlMs: pttl < 0 ? undefined : pttl };
}

/**
 * `SET key value PX ttl`, after checking the TTL and the value (a Uint8Array is wrapped as a
 * Buffer without copying).
 *
 * @example
 * ```ts
 * setCommand('mtc:k', bytes, 60_000); // ['SET', 'mtc:k', <Buffer>, 'PX', '60000']
 * ```
 */
export function setCommand(key: string, value: Uint8Array, ttlMs: number): Command {
  if (!(ttlMs > 0) || !Number.isFinite(ttlMs)) {
    throw new CacheError(
      'invalid-ttl',
      `ttlMs for "${key}" is ${ttlMs}: pass a positive, finite number of milliseconds`,
    );
  }
  if (!(value instanceof Uint8Array)) {
    throw new CacheError('invalid-value', `value for "${key}" is not a Uint8Array: pass bytes`);
  }
  const bytes = Buffer.isBuffer(value)
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return ['SET', key, bytes, 'PX', String(Math.ceil(ttlMs))];
}
