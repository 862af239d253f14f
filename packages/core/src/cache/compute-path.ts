import type { ComputeContext } from './cache-options.js';
import type { CacheState } from './cache-state.js';
import type { LockSettings } from './lock-settings.js';
import { awaitLease, releaseLease, writeBehindLeased } from './locked-compute.js';
import type { PendingWork } from './pending-work.js';
import { readTiers } from './read-path.js';
import { taggingContext } from './tag-context.js';
import { assertCacheable, writeBehind } from './write-path.js';

/**
 * The work behind one `getOrCompute` key: the shared tiers first (unless `forceFresh`), then the
 * computation. Its value goes to L1 at once and to the shared tiers behind the caller's back
 * (write-behind), so a slow tier costs the caller at most the read's deadline, never a second
 * one; nothing is written when the key was invalidated meanwhile or the cache closed.
 */
export async function lookupOrCompute<T>(
  state: CacheState,
  key: string,
  compute: (context: ComputeContext) => T | Promise<T>,
  ttlMs: number,
  forceFresh: boolean,
  work: PendingWork<unknown>,
  lock?: LockSettings,
  tags?: readonly string[],
): Promise<T> {
  let counted = false;
  let lease: string | undefined;
  try {
    if (!forceFresh && state.tiers.length > 0) {
      const found = await readTiers(state, key, work, undefined, false);
      if (found !== undefined) return found as T;
      if (lock !== undefined) {
        const waited = await awaitLease(state, key, work, lock);
        if (waited.found !== undefined) return waited.found as T;
        lease = waited.token;
      }
    }
    state.countMiss(key);
    counted = true;
    state.counters.computations++;
    state.counters.inFlight++;
    let value: T;
    const context = taggingContext(key, tags);
    try {
      value = await compute(context);
    } finally {
      state.counters.inFlight--;
    }
    assertCacheable(key, value);
    const meta = context.meta(ttlMs);
    if (!work.stale && lease !== undefined && meta === undefined) {
      writeBehindLeased(state, key, value, ttlMs, lease);
      lease = undefined;
    } else if (!work.stale) {
      writeBehind(state, key, value, ttlMs, meta);
    }
    return value;
  } catch (error) {
    if (!counted && work.hitTier === undefined) state.countMiss(key);
    throw error;
  } finally {
    if (lease !== undefined) releaseLease(state, key, lease);
    state.computations.finish(key, work);
  }
}
