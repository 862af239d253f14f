import type { CacheState } from './cache-state.js';
import { L1Entry } from './l1-entry.js';
import { busState, tagRegistry } from './tag-state.js';

/**
 * The L1 entry to serve for `entry` (held with an envelope) as its tags say: itself; a stale
 * copy, kept for its grace, when one of its tags was expired after it was written (or
 * `undefined`, removed, without grace); `undefined` (and removed) when one was invalidated after
 * it was written, or while the bus is down (a tag message may be lost: the shared tier, which
 * keeps the tags' times, decides instead). Untagged entries never get here: L1 holds them as
 * plain values, or they have no tags to check.
 */
export function liveL1Entry(state: CacheState, key: string, entry: L1Entry): L1Entry | undefined {
  const meta = entry.meta;
  if (meta.tags.length === 0) return entry;
  const registry = tagRegistry(state);
  const busDown = state.bus !== undefined && registry.busDown(() => busState(state) === 'down');
  if (!busDown) {
    const verdict = registry.verdict(meta);
    if (verdict === 'live') return entry;
    if (verdict === 'expired' && entry.freshUntil <= Date.now()) return entry;
    if (verdict === 'expired' && meta.graceMs >= 1) {
      const stale = new L1Entry(entry.value, 0, meta);
      state.l1.set(key, stale, Math.ceil(meta.graceMs));
      return stale;
    }
  }
  state.l1.delete(key);
  return undefined;
}

/** The value of {@link liveL1Entry} when it is still fresh, else `undefined`. */
export function liveL1Value(state: CacheState, key: string, entry: L1Entry): unknown {
  const live = liveL1Entry(state, key, entry);
  return live === undefined || live.freshUntil <= Date.now() ? undefined : live.value;
}
