import type { GetContext, GetOrComputeContext } from '../diagnostics/operation-contexts.js';
import type { CacheState } from './cache-state.js';
import type { PendingWork } from './pending-work.js';

/**
 * What a traced read learned: the tier that answered and hit or miss, written into its
 * diagnostics context once the read settles. Only traced calls come here.
 */

/** An L1 hit. */
export function answeredByL1(state: CacheState, context: GetContext | GetOrComputeContext): void {
  context.tier = state.l1.name;
  context.outcome = 'hit';
}

/** Fills `context` when `promise` (the read or lookup behind `work`) settles. */
export function traceOutcome<T>(
  state: CacheState,
  promise: Promise<T>,
  work: PendingWork<unknown>,
  context: GetContext | GetOrComputeContext,
): Promise<T> {
  return promise.then((value) => {
    const tier = work.hitTier === undefined ? undefined : state.tiers[work.hitTier];
    if (work.servedStale === true) {
      context.outcome = 'stale';
    } else if (tier !== undefined && value !== undefined) {
      context.tier = tier.name;
      context.outcome = 'hit';
    } else {
      context.outcome = 'miss';
      if (context.operation === 'getOrCompute') context.computed = true;
    }
    return value;
  });
}
