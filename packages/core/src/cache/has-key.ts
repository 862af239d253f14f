import type { CacheState } from './cache-state.js';
import { asTierError } from './fail-open.js';
import { L1Entry } from './l1-entry.js';
import { gateTags } from './tag-gate.js';
import { liveL1Entry } from './tag-l1.js';

/**
 * Whether L1 or any shared tier holds `key`, reading the tiers in order until one does. Nothing
 * is promoted or counted as a request (it is no read of the value); a failing tier counts as not
 * holding it, except in strict mode where it rejects. A tagged entry whose tag was invalidated
 * after it was written is not held, as a read would not serve it.
 */
export async function hasKey(state: CacheState, key: string): Promise<boolean> {
  const held = state.l1.get(key);
  if (
    held !== undefined &&
    (!(held instanceof L1Entry) || liveL1Entry(state, key, held) !== undefined)
  ) {
    return true;
  }
  for (const tier of state.tiers) {
    const entry = await new Promise<unknown>((resolve, reject) => {
      tier.read(
        key,
        gateTags(state, tier, key, (error, found) => {
          if (error === undefined) {
            resolve(found);
            return;
          }
          state.recordFailure(tier, 'get', key, error);
          if (state.strict) reject(asTierError(tier, 'get', error));
          else resolve(undefined);
        }),
      );
    });
    if (entry !== undefined) return true;
  }
  return false;
}
