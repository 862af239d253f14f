import { readManyTiers } from './batch-read.js';
import type { BatchSlot } from './batch-slot.js';
import { settleAll, startSlot } from './batch-slot.js';
import type { CacheState } from './cache-state.js';
import { joinWork } from './read-path.js';

/**
 * `getMany`: L1 first, then one `getMany` per shared tier for the keys L1 lacks. Keys already
 * being read or computed are joined; a joined computation that fails reads as a miss. Counts
 * each key as `get` would, so `requests = hits + misses` holds.
 */
export function getManyValues(
  state: CacheState,
  keys: readonly string[],
  peekL1: (key: string) => unknown,
): Promise<unknown[]> {
  const results: unknown[] = new Array(keys.length).fill(undefined);
  const waits: Promise<void>[] = [];
  const mine: BatchSlot[] = [];
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const hot = peekL1(key);
    if (hot !== undefined) {
      results[index] = hot;
      continue;
    }
    state.counters.requests++;
    if (state.tiers.length === 0) {
      state.countMiss(key);
      continue;
    }
    const reading = state.reads.get(key);
    const computing = reading === undefined ? state.computations.get(key) : undefined;
    let promise: Promise<unknown>;
    if (reading !== undefined) {
      promise = joinWork(state, key, reading);
    } else if (computing !== undefined) {
      promise = joinWork(state, key, computing).catch(() => undefined);
    } else {
      const slot = startSlot(state.reads, key);
      mine.push(slot);
      promise = slot.work.promise;
    }
    waits.push(
      promise.then((value) => {
        results[index] = value;
      }),
    );
  }
  if (mine.length > 0) {
    readManyTiers(state, mine, state.reads).then(
      (missing) => {
        for (const slot of missing) {
          state.reads.finish(slot.key, slot.work);
          state.countMiss(slot.key);
          slot.resolve(undefined);
        }
      },
      (error: unknown) => {
        for (const slot of mine) {
          state.reads.finish(slot.key, slot.work);
          slot.reject(error);
        }
      },
    );
  }
  return settleAll(waits, results);
}
