import type { L2Entry } from '../stores/l2-store.js';
import type { ReadBatch } from './batch-read-work.js';
import type { BatchSlot } from './batch-slot.js';
import type { CacheState } from './cache-state.js';
import { asTierError } from './fail-open.js';
import type { PendingWork, PendingWorkMap } from './pending-work.js';
import { promote } from './read-path.js';
import type { SharedTier } from './shared-tier.js';
import { gateTagsMany } from './tag-gate.js';
import { freshTierValue } from './tier-entry.js';

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
    const keys = pending.map((slot) => slot.key);
    let entries: readonly (L2Entry | undefined)[];
    try {
      entries = await readGated(state, tier, keys);
    } catch (error) {
      state.recordFailure(tier, 'getMany', keys[0]!, error);
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
      const value = entry === undefined ? undefined : freshTierValue(state, tier, slot.key, entry);
      if (value === undefined) {
        missing.push(slot);
        continue;
      }
      owner.finish(slot.key, slot.work);
      try {
        takeHit(state, index, slot.key, slot.work, value, entry!, state.events.has('hit'));
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

/**
 * `readManyTiers` for a `getMany`'s {@link ReadBatch}: settles every key of the batch (a miss is
 * counted), waking the callers joined to the keys each tier settled as soon as it answered.
 */
export async function readBatchTiers(state: CacheState, batch: ReadBatch): Promise<void> {
  const reads = state.reads;
  // Positions in the batch of `keys`; `undefined` while every key is still missing.
  let positions: number[] | undefined;
  let keys: readonly string[] = batch.keys;
  for (let index = 0; index < state.tiers.length && keys.length > 0; index++) {
    const tier = state.tiers[index]!;
    let entries: readonly (L2Entry | undefined)[];
    try {
      entries = await readGated(state, tier, keys);
    } catch (error) {
      state.recordFailure(tier, 'getMany', keys[0]!, error);
      if (!state.strict) continue;
      const failure = asTierError(tier, 'getMany', error);
      for (let at = 0; at < keys.length; at++) {
        state.countMiss(keys[at]!);
        batch.fail(reads, positions === undefined ? at : positions[at]!, failure);
      }
      batch.endRound();
      return;
    }
    const valid = Array.isArray(entries);
    const emitHits = state.events.has('hit');
    const missingPositions: number[] = [];
    const missingKeys: string[] = [];
    for (let at = 0; at < keys.length; at++) {
      const position = positions === undefined ? at : positions[at]!;
      const key = keys[at]!;
      const entry = valid ? entries[at] : undefined;
      const value = entry === undefined ? undefined : freshTierValue(state, tier, key, entry);
      if (value === undefined) {
        missingPositions.push(position);
        missingKeys.push(key);
        continue;
      }
      try {
        takeHit(state, index, key, batch.works[position]!, value, entry!, emitHits);
        batch.answer(reads, position, value);
      } catch (failure) {
        batch.fail(reads, position, failure);
      }
    }
    batch.endRound();
    positions = missingPositions;
    keys = missingKeys;
  }
  for (let at = 0; at < keys.length; at++) {
    state.countMiss(keys[at]!);
    batch.answer(reads, positions === undefined ? at : positions[at]!, undefined);
  }
  batch.endRound();
}

/** One tier's entries for `keys`, with those whose tags invalidated them as misses. */
async function readGated(
  state: CacheState,
  tier: SharedTier,
  keys: readonly string[],
): Promise<readonly (L2Entry | undefined)[]> {
  return gateTagsMany(state, tier, keys, await tier.readMany(keys));
}

/**
 * Counts a hit at `tiers[index]` for `work`'s callers (emitted when `emitHit`) and promotes it
 * unless the work went stale; throws what a failing L1 throws (the hit already counted).
 */
function takeHit(
  state: CacheState,
  index: number,
  key: string,
  work: PendingWork<unknown>,
  value: unknown,
  entry: L2Entry,
  emitHit: boolean,
): void {
  const tier = state.tiers[index]!;
  work.hitTier = index;
  tier.countHit();
  if (emitHit) state.events.emit('hit', { key, tier: tier.name });
  if (!work.stale) promote(state, key, value, entry, index);
}
