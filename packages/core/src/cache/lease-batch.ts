import { readManyTiers } from './batch-read.js';
import type { BatchSlot } from './batch-slot.js';
import type { CacheState } from './cache-state.js';
import { LeaseBackoff } from './lock-backoff.js';
import type { LockSettings } from './lock-settings.js';
import type { SharedTier } from './shared-tier.js';

/** A key a `getOrComputeMany` computes: under its lease (`token`), or without one. */
export interface ComputedSlot {
  readonly slot: BatchSlot;
  readonly token: string | undefined;
}

/** The keys of a batch after asking for their leases. */
export interface BatchLeases {
  /** Keys to compute now: leased, or unleased when the lock tier failed to answer. */
  readonly mine: ComputedSlot[];
  /** Keys another instance holds the lease of: wait for its value. */
  readonly held: BatchSlot[];
}

/**
 * Asks the lock tier for the lease of every slot's key at once: the calls start in the same tick,
 * so a client that pipelines (ioredis, node-redis) sends them in one round trip per connection
 * (per slot on a Cluster). A failing acquire is counted and leaves its key unleased, as in
 * `getOrCompute`.
 */
export async function acquireLeases(
  state: CacheState,
  tier: SharedTier,
  slots: readonly BatchSlot[],
  lock: LockSettings,
): Promise<BatchLeases> {
  const tokens = await Promise.all(
    slots.map((slot) =>
      tier.acquireLock(slot.key, lock.ttlMs).then(
        (token) => token ?? false,
        (error: unknown) => {
          state.recordFailure(tier, 'acquireLock', slot.key, error);
          return undefined;
        },
      ),
    ),
  );
  const mine: ComputedSlot[] = [];
  const held: BatchSlot[] = [];
  for (let index = 0; index < slots.length; index++) {
    const token = tokens[index];
    if (token === false) held.push(slots[index]!);
    else mine.push({ slot: slots[index]!, token });
  }
  return { mine, held };
}

/**
 * Waits for the keys other instances hold: each look reads them all (one `getMany` per tier),
 * settling those found, then asks again for the leases of the rest, since a holder that died
 * frees its keys when its leases expire. Resolves to the keys this call must compute after all:
 * those whose lease it took, and, unleased and counted in `lockWaitsExpired`, those still
 * missing once `lock.wait` is spent.
 */
export async function awaitHeldKeys(
  state: CacheState,
  tier: SharedTier,
  held: readonly BatchSlot[],
  lock: LockSettings,
): Promise<ComputedSlot[]> {
  const backoff = new LeaseBackoff(state, lock);
  const computed: ComputedSlot[] = [];
  let waiting = held;
  while (waiting.length > 0) {
    if (backoff.expired) {
      state.counters.lockWaitsExpired += waiting.length;
      for (const slot of waiting) computed.push({ slot, token: undefined });
      break;
    }
    await backoff.sleep(waiting.map((slot) => slot.key));
    const missing = await readManyTiers(state, waiting, state.computations);
    if (missing.length === 0) break;
    const leases = await acquireLeases(state, tier, missing, lock);
    computed.push(...leases.mine);
    waiting = leases.held;
  }
  return computed;
}
