import { isTombstone, type L2Entry, readExpiryFrame } from '@multi-tier-cache/core';

/**
 * The entry of a GET value and the PTTL Redis gave for the same key, by one rule: no value, PTTL
 * `-2` (the key is gone) or `0` (it expires now) is a miss; `-1` is a value without expiry
 * (`ttlMs` undefined); anything else is the remaining TTL in milliseconds.
 *
 * @example
 * ```ts
 * entryFromPttl(value, 41_250); // { value, ttlMs: 41250 }
 * entryFromPttl(value, -1); // { value, ttlMs: undefined }
 * entryFromPttl(value, 0); // undefined
 * ```
 */
export function entryFromPttl(
  value: Uint8Array | null | undefined,
  pttl: number,
): L2Entry | undefined {
  if (value === null || value === undefined || pttl === -2 || pttl === 0) return undefined;
  return { value, ttlMs: pttl < 0 ? undefined : pttl };
}

/**
 * The entry of a framed value (core's `frameWithExpiry`) read with a plain GET: `null` is a miss,
 * otherwise core's `readExpiryFrame` gives the value and remaining TTL (unframed bytes written by
 * others come back as they are, without TTL). A tombstone left by an invalidation is a miss. A
 * batch passes one `now` for all its values instead of reading the clock per value.
 *
 * @example
 * ```ts
 * readFramedEntry(await client.getBuffer('mtc:k')); // { value, ttlMs: 59_874 } or undefined
 * const now = Date.now();
 * const entries = (await client.mgetBuffer(keys)).map((value) => readFramedEntry(value, now));
 * ```
 */
export function readFramedEntry(
  value: Uint8Array | null | undefined,
  now?: number,
): L2Entry | undefined {
  if (value === null || value === undefined || isTombstone(value)) return undefined;
  return readExpiryFrame(value, now);
}
