import type { CacheState } from './cache-state.js';
import type { L1Entry } from './l1-entry.js';
import { busState, tagRegistry } from './tag-state.js';

/**
 * The value of an L1 entry held with an envelope, or `undefined` (and the entry removed) when
 * one of its tags was invalidated after it was written, or while the bus is down (a tag message
 * may be lost: the shared tier, which keeps the tags' times, decides instead). Untagged entries
 * never get here: L1 holds them as plain values.
 */
export function liveL1Value(state: CacheState, key: string, entry: L1Entry): unknown {
  const meta = entry.meta;
  if (meta.tags.length === 0) return entry.value;
  const registry = tagRegistry(state);
  const busDown = state.bus !== undefined && registry.busDown(() => busState(state) === 'down');
  if (!registry.invalidates(meta) && !busDown) {
    return entry.value;
  }
  state.l1.delete(key);
  return undefined;
}
