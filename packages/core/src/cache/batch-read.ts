import type { L2Entry } from '../stores/l2-store.js';
import type { BatchSlot } from './batch-slot.js';
import type { CacheState } from './cache-state.js';
import { asTierError } from './fail-open.js';
import type { PendingWorkMap } from './pending-work.js';
import { decode, promote } from './read-path.js';
import { gateTagsMany } from './tag-gate.js';

/**
 * Reads the slots' keys from the shared tiers in order, one `getMany` per tier for the keys still
 * missing. Every hit settles its slot (promoted upward unless its work went stale) and leaves
 * `owner`; resolves to the slots no tier has, still unsettled and registered. A failing tier is
 * counted and skipped; in strict mode it rejects every slot still missing (each counted a miss)
 * and resolves to none.
 */
export async function readManyTiers(
  state: CacheState,
  slots: readonly BatchSlot[],
  owner: PendingWorkMap<unknown>,
): Promise<BatchSlot[]> {
  let pending = [...slots];
  for (let index = 0; index < state.tiers.length && pending.length > 0; index++) {
    const tier = state.tiers[index]!;
    let entries: (L2Entry | undefined)[];
    try {
      entries = await tier.readMany(pending.map((slot) => slot.key));
      entries = await gateTagsMany(
        state,
        tier,
        pending.map((slot) => slot.key),
        entries,
      );
    } catch (error) {
      state.recordFailure(tier, 'getMany', pending[0]!.key, error);
      if (!state.strict) continue;
      const failure = asTierError(tier, 'getMany', error);
      for (const slot of pending) {
        owner.finish(slot.key, slot.work);
        state.countMiss(slot.key);
        slot.reject(failure);
      }
      return [];
    }
    const missing: BatchSlot[] = [];
    for (let position = 0; position < pending.length; position++) {
      const slot = pending[position]!;
      const entry = Array.isArray(entries) ? entries[position] : undefined;
      const value = entry === undefined ? undefined : decode(state, tier, slot.key, entry);
      if (value === undefined) {
        missing.push(slot);
        continue;
      }
      owner.finish(slot.key, slot.work);
      slot.work.hitTier = index;
      tier.countHit();
      try {
        if (state.events.has('hit')) state.events.emit('hit', { key: slot.key, tier: tier.name });
        if (!slot.work.stale) promote(state, slot.key, value, entry!, index);
        slot.resolve(value);
      } catch (failure) {
        // An L1 that throws on promotion must still settle this key (already counted a hit).
        slot.reject(failure);
      }
    }
    pending = missing;
  }
  return pending;
}
