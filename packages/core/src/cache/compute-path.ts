import type { CacheStrategyValue } from '../strategy.js';
import { parseTtl } from '../ttl.js';
import type { ComputeContext, GetOrComputeOptions } from './cache-options.js';
import type { CacheState } from './cache-state.js';
import type { PendingWork } from './pending-work.js';
import { readTiers } from './read-path.js';
import { assertCacheable, writeEverywhere } from './write-path.js';

/**
 * The work behind one `getOrCompute` key: the shared tiers first, then the computation, whose
 * value is written everywhere unless the key was invalidated meanwhile.
 */
export async function lookupOrCompute<T>(
  state: CacheState,
  key: string,
  compute: (context: ComputeContext) => T | Promise<T>,
  ttlMs: number,
  work: PendingWork<unknown>,
): Promise<T> {
  try {
    if (state.tiers.length > 0) {
      const found = await readTiers(state, key, work, undefined, false);
      if (found !== undefined) return found as T;
    }
    state.countMiss(key);
    state.counters.computations++;
    state.counters.inFlight++;
    let value: T;
    try {
      value = await compute({ key });
    } finally {
      state.counters.inFlight--;
    }
    assertCacheable(key, value);
    if (!work.stale) await writeEverywhere(state, key, value, ttlMs);
    return value;
  } finally {
    state.computations.finish(key, work);
  }
}

/** The TTL of a computed value: from the options or strategy, else `fallback`. */
export function computeTtl(
  options: GetOrComputeOptions | CacheStrategyValue | undefined,
  fallback: number,
): number {
  if (options === undefined) return fallback;
  if ('ttlMs' in options) return options.ttlMs;
  if (options.ttl !== undefined) return parseTtl(options.ttl);
  return options.strategy?.ttlMs ?? fallback;
}
