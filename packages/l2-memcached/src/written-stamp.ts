/** Stamps count 10 ms steps in 31 bits (about 248 days), then wrap. */
const STEP_MS = 10;
const RANGE = 2 ** 31;
const HALF = 2 ** 30;
/** The client-flags bit that marks a tombstone. */
const TOMBSTONE_BIT = 2 ** 31;

/**
 * The written-at moment a value carries in memcached's 32-bit client flags (`F`), since memcached
 * keeps no frame around values: 10 ms steps of the writer's clock in the low 31 bits, the top bit
 * for a tombstone. 0 means "no moment" (a value written by another program, or before fencing):
 * such a value is overwritten. Stamps are compared with wrap-around, which is exact while the
 * two moments are less than about 124 days apart (far beyond memcached's 30-day relative TTL).
 *
 * @example
 * ```ts
 * `ms ${key} ${size} T60 F${writtenStamp(Date.now())}`;
 * ```
 */
export function writtenStamp(nowMs: number, tombstone = false): number {
  const step = Math.floor(nowMs / STEP_MS) % RANGE || 1;
  return tombstone ? step + TOMBSTONE_BIT : step;
}

/** Whether client flags mark a tombstone (see {@link writtenStamp}). */
export function isTombstoneStamp(flags: number): boolean {
  return flags >= TOMBSTONE_BIT;
}

/**
 * Whether a value stamped `flags` was written at or after `sinceMs` (then a computation that
 * started at `sinceMs` must not write over it). Unstamped values (0) are never newer.
 *
 * @example
 * ```ts
 * writtenSince(writtenStamp(2_000), 1_000); // true
 * ```
 */
export function writtenSince(flags: number, sinceMs: number): boolean {
  const stamp = flags % TOMBSTONE_BIT;
  if (stamp === 0) return false;
  const since = Math.floor(sinceMs / STEP_MS) % RANGE;
  return (stamp - since + RANGE) % RANGE < HALF;
}

/**
 * The moment (ms since the epoch, 10 ms resolution) a stamp stands for, taken as the latest one
 * not after `nowMs` with that stamp; `undefined` for an unstamped value.
 *
 * @example
 * ```ts
 * stampMoment(writtenStamp(1_700_000_000_000), 1_700_000_000_500); // 1_700_000_000_000
 * ```
 */
export function stampMoment(flags: number, nowMs: number = Date.now()): number | undefined {
  const stamp = flags % TOMBSTONE_BIT;
  if (stamp === 0) return undefined;
  const now = Math.floor(nowMs / STEP_MS);
  const behind = ((now % RANGE) - stamp + RANGE) % RANGE;
  return (now - behind) * STEP_MS;
}
