import { encodeEntry } from './batch-write.js';
import type { CacheState } from './cache-state.js';
import { publish } from './coherence.js';
import { type EntryMeta, wrapEntryBytes } from './entry-envelope.js';
import { writeL1Value } from './l1-write.js';
import { LeaseBackoff } from './lock-backoff.js';
import type { LockSettings } from './lock-settings.js';
import { writesAnnounced } from './lock-waiters.js';
import type { PendingWork } from './pending-work.js';
import { readTiers } from './read-path.js';
import type { SharedTier } from './shared-tier.js';
import { assertFits, tierTtl } from './write-path.js';

/** What waiting for a key's lease gave: the value another instance wrote, or our lease (if any). */
export interface LeaseOutcome {
  readonly found: unknown;
  readonly token: string | undefined;
}

/**
 * Distributed single flight, after a miss in every tier: takes the key's lease in the first
 * shared tier that supports locks, or waits for the instance holding it to write the value.
 * With a bus that announces writes, a waiter sleeps until the holder's write is announced (at
 * most 200 ms, and never past the moment the holder's lease may have expired), then looks once;
 * without one it looks at the shared tiers with a bounded backoff (2 ms growing ×1.5 to 25 ms).
 * Past `lock.wait` the caller computes without a lease (counted). A tier without locks, or one
 * that fails, means no lease: the caller computes as it would without locks.
 */
export async function awaitLease(
  state: CacheState,
  key: string,
  work: PendingWork<unknown>,
  lock: LockSettings,
): Promise<LeaseOutcome> {
  const tier = lockTier(state);
  if (tier === undefined) return { found: undefined, token: undefined };
  const backoff = new LeaseBackoff(state, lock);
  for (;;) {
    let token: string | undefined;
    try {
      token = await tier.acquireLock(key, lock.ttlMs);
    } catch (error) {
      state.recordFailure(tier, 'acquireLock', key, error);
      return { found: undefined, token: undefined };
    }
    if (token !== undefined) return { found: undefined, token };
    if (backoff.expired) {
      state.counters.lockWaitsExpired++;
      return { found: undefined, token: undefined };
    }
    await backoff.sleep(key);
    const found = await readTiers(state, key, work, undefined, false);
    if (found !== undefined) return { found, token: undefined };
  }
}

/**
 * With a stale (graced) value at hand: takes the key's lease even though the shared tier holds
 * that value, in the first tier that supports locks, when it takes replacing leases. Resolves to
 * `{ token }` (this caller recomputes under the lease), `{ heldElsewhere: true }` (another
 * instance recomputes: serve the stale value), or `{}` when no tier takes replacing leases or
 * the tier failed (recompute without a lease, as without locks).
 */
export async function replacingLease(
  state: CacheState,
  key: string,
  lock: LockSettings,
): Promise<{ readonly token?: string; readonly heldElsewhere?: boolean }> {
  const tier = lockTier(state);
  if (tier === undefined || !tier.supportsReplacingLocks) return {};
  try {
    const token = await tier.acquireLock(key, lock.ttlMs, true);
    return token === undefined ? { heldElsewhere: true } : { token };
  } catch (error) {
    state.recordFailure(tier, 'acquireLock', key, error);
    return {};
  }
}

/**
 * Writes a value computed under lease `token`: L1 now, the lock tier through `setIfLockHeld`
 * (written and released in one step, only while the lease still holds: a holder whose lease
 * expired writes nothing there), the other tiers behind as `writeBehind` does. Once the lock tier
 * holds the value, a bus that announces writes carries a `remove` of the key, as a `set` does,
 * which wakes the other instances' waiters.
 */
export function writeBehindLeased(
  state: CacheState,
  key: string,
  value: unknown,
  ttlMs: number,
  token: string,
  meta?: EntryMeta,
): void {
  const entry = encodeEntry(state, key, value, ttlMs);
  const bytes =
    entry.bytes !== undefined && meta !== undefined
      ? wrapEntryBytes(entry.bytes, meta)
      : entry.bytes;
  if (bytes !== undefined && meta !== undefined) assertFits(state, key, bytes);
  writeL1Value(state, key, value, ttlMs, meta);
  const holder = lockTier(state);
  for (const tier of state.tiers) {
    if (bytes === undefined) break;
    const tierTtlMs = tierTtl(tier, ttlMs, meta);
    if (tier === holder) {
      tier.setIfLockHeld(key, token, bytes, tierTtlMs).then(
        (held) => announceWrites(state, held ? [key] : []),
        (error: unknown) => state.recordFailure(tier, 'set', key, error),
      );
    } else {
      tier
        .set(key, bytes, tierTtlMs)
        .then(undefined, (error: unknown) => state.recordFailure(tier, 'set', key, error));
    }
  }
}

/** Gives the lease back (work that failed or went stale), fail-open. */
export function releaseLease(state: CacheState, key: string, token: string): void {
  const tier = lockTier(state);
  tier?.releaseLock(key, token).then(undefined, (error: unknown) => {
    state.recordFailure(tier, 'releaseLock', key, error);
  });
}

/** Tells the other instances (and their waiters) that the lock tier now holds `keys`. */
export function announceWrites(state: CacheState, keys: readonly string[]): void {
  if (keys.length > 0 && writesAnnounced(state) && !state.closed) {
    // publish emits its own failure; strict mode's rejection has no caller to reach here.
    publish(state, { type: 'remove', keys }).then(undefined, () => {});
  }
}

export function lockTier(state: CacheState): SharedTier | undefined {
  return state.tiers.find((tier) => tier.supportsLocks);
}
