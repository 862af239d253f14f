import type { L2WriteEntry } from '../stores/l2-store.js';
import type { EncodedEntry } from './batch-write.js';
import type { CacheState } from './cache-state.js';
import { writeL1Value } from './l1-write.js';
import { announceWrites, lockTier } from './locked-compute.js';

/** A computed entry and the lease it was computed under. */
export interface LeasedEntry {
  readonly entry: EncodedEntry;
  readonly token: string;
}

/**
 * Writes values a batch computed under leases: L1 now; the lock tier one `setIfLockHeld` per key
 * (started together, so they pipeline; each writes and releases only while its lease holds); the
 * other tiers one `setMany` behind. Once the lock tier answered, the keys it wrote are announced
 * in one bus message, which wakes the other instances' waiters.
 */
export function writeManyBehindLeased(state: CacheState, leased: readonly LeasedEntry[]): void {
  if (leased.length === 0) return;
  for (const { entry } of leased) {
    writeL1Value(state, entry.key, entry.value, entry.ttlMs, entry.meta);
  }
  const holder = lockTier(state);
  for (const tier of state.tiers) {
    if (tier === holder) {
      const writes = leased.map(({ entry, token }) =>
        entry.bytes === undefined
          ? Promise.resolve(false)
          : tier.setIfLockHeld(entry.key, token, entry.bytes, tier.ttlFor(entry.ttlMs)).then(
              (held) => held,
              (error: unknown) => {
                state.recordFailure(tier, 'set', entry.key, error);
                return false;
              },
            ),
      );
      void Promise.all(writes).then((written) =>
        announceWrites(
          state,
          leased.filter((_, index) => written[index]).map(({ entry }) => entry.key),
        ),
      );
      continue;
    }
    const entries: L2WriteEntry[] = [];
    for (const { entry } of leased) {
      if (entry.bytes !== undefined) {
        entries.push({ key: entry.key, value: entry.bytes, ttlMs: tier.ttlFor(entry.ttlMs) });
      }
    }
    tier.setMany(entries).then(undefined, (error: unknown) => {
      state.recordFailure(tier, 'setMany', entries[0]?.key, error);
    });
  }
}
