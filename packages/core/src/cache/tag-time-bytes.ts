/** How a tag's invalidation time is stored in a shared tier: its decimal digits as ASCII. */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The bytes stored under a tag's key for invalidation time `at`. */
export function encodeTagTime(at: number): Uint8Array {
  return encoder.encode(String(at));
}

/**
 * The invalidation time stored in `bytes`, or `now` when they are not a time (damaged or
 * written by something else): treating the tag as invalidated now can only cost misses.
 */
export function decodeTagTime(bytes: Uint8Array, now: number): number {
  if (bytes.byteLength === 0 || bytes.byteLength > 32) return now;
  const at = Number(decoder.decode(bytes));
  return Number.isFinite(at) && at >= 0 ? at : now;
}
