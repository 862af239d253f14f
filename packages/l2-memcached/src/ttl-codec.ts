/** Memcached reads an expiry above this many seconds as an absolute unix time. */
export const MAX_RELATIVE_EXPTIME = 60 * 60 * 24 * 30;

/**
 * Latest absolute expiry memcached accepts: the `T` token is a signed 32-bit number, so a unix
 * time past 2038-01-19T03:14:07Z is refused. Longer TTLs are clamped to it.
 */
export const MAX_ABSOLUTE_EXPTIME = 2 ** 31 - 1;

/**
 * The `T` token for a TTL in milliseconds (already checked to be finite and positive): seconds
 * rounded up (memcached counts whole seconds), and, beyond 30 days, the absolute unix time the
 * protocol requires instead, clamped to {@link MAX_ABSOLUTE_EXPTIME}.
 *
 * @example
 * ```ts
 * exptime(1100); // 2
 * exptime(40 * 24 * 3600 * 1000, Date.now()); // unix seconds 40 days from now
 * exptime(100 * 365 * 24 * 3600 * 1000); // 2147483647 (2038-01-19T03:14:07Z)
 * ```
 */
export function exptime(ttlMs: number, nowMs: number = Date.now()): number {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  if (seconds <= MAX_RELATIVE_EXPTIME) return seconds;
  return Math.min(Math.ceil(nowMs / 1000) + seconds, MAX_ABSOLUTE_EXPTIME);
}

/**
 * Remaining TTL in milliseconds from the `t` flag's seconds: `-1` (no expiry) and a missing flag
 * give `undefined`; an entry in its last second reports 1 ms rather than 0, so that it is never
 * mistaken for "unknown" and promoted with a default TTL.
 *
 * @example
 * ```ts
 * remainingTtlMs(59); // 59_000
 * remainingTtlMs(-1); // undefined
 * ```
 */
export function remainingTtlMs(seconds: number | undefined): number | undefined {
  if (seconds === undefined || seconds < 0) return undefined;
  return seconds === 0 ? 1 : seconds * 1000;
}
