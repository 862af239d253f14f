import { CacheError } from '../errors.js';
import type { CacheState } from './cache-state.js';
import type { SharedTier } from './shared-tier.js';

/**
 * The fail-open policy: a failed shared-tier call is counted and emitted, and only in strict mode
 * does it reach the caller, as a `CacheError` that keeps the underlying message and `cause`.
 */
export function tierFailed(
  state: CacheState,
  tier: SharedTier,
  operation: string,
  key: string | undefined,
  error: unknown,
): void {
  state.recordFailure(tier, operation, key, error);
  if (state.strict) throw asTierError(tier, operation, error);
}

/** `error` as the `CacheError` a strict caller receives. */
export function asTierError(tier: SharedTier, operation: string, error: unknown): CacheError {
  return error instanceof CacheError
    ? error
    : new CacheError(
        'tier-failure',
        `${tier.name}.${operation} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
}

/** Runs one operation on every shared tier in parallel, fail-open unless strict. */
export async function eachTier<T>(
  state: CacheState,
  operation: string,
  key: string | undefined,
  run: (tier: SharedTier) => Promise<T>,
): Promise<(T | undefined)[]> {
  const tiers = state.tiers;
  if (tiers.length === 0) return [];
  const results = await Promise.allSettled(tiers.map(run));
  const values: (T | undefined)[] = [];
  for (let index = 0; index < results.length; index++) {
    const result = results[index]!;
    if (result.status === 'fulfilled') {
      values.push(result.value);
    } else {
      values.push(undefined);
      tierFailed(state, tiers[index]!, operation, key, result.reason);
    }
  }
  return values;
}
