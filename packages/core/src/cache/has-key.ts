import type { CacheState } from './cache-state.js';
import { asTierError } from './fail-open.js';

/**
 * Whether L1 or any shared tier holds `key`, reading the tiers in order until one does. Nothing
 * is promoted or counted as a request (it is no read of the value); a failing tier counts as not
 * holding it, except in strict mode where it rejects.
 */
export async function hasKey(state: CacheState, key: string): Promise<boolean> {
  if (state.l1.get(key) !== undefined) return true;
  for (const tier of state.tiers) {
    const entry = await new Promise<unknown>((resolve, reject) => {
      tier.read(key, (error, found) => {
        if (error === undefined) {
          resolve(found);
          return;
        }
        state.recordFailure(tier, 'get', key, error);
        if (state.strict) reject(asTierError(tier, 'get', error));
        else resolve(undefined);
      });
    });
    if (entry !== undefined) return true;
  }
  return false;
}
