import { readBatchTiers } from './batch-read.js';
import { ReadBatch } from './batch-read-work.js';
import type { CacheState } from './cache-state.js';
import { joinWork } from './read-path.js';

/**
 * `getMany`: L1 first, then one `getMany` per shared tier for the keys L1 lacks. Keys already
 * being read or computed are joined; a joined computation that fails reads as a miss. Counts
 * each key as `get` would, so `requests = hits + misses` holds. Settles only once every key is
 * counted and settled, with the values in key order or the first error in key order.
 */
export function getManyValues(
  state: CacheState,
  keys: readonly string[],
  peekL1: (key: string) => unknown,
): Promise<unknown[]> {
  const results: unknown[] = new Array(keys.length).fill(undefined);
  const failure = new FirstFailure();
  let batch: ReadBatch | undefined;
  let joins: Promise<void>[] | undefined;
  try {
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
      if (reading !== undefined) {
        joins ??= [];
        joins.push(joinInto(joinWork(state, key, reading), results, index, failure));
        continue;
      }
      const computing = state.computations.get(key);
      if (computing !== undefined) {
        const joined = joinWork(state, key, computing).catch(() => undefined);
        joins ??= [];
        joins.push(joinInto(joined, results, index, failure));
        continue;
      }
      batch ??= new ReadBatch(results, keys.length - index);
      batch.add(state.reads, key, index);
    }
  } catch (error) {
    // An L1 that throws part-way: the keys already registered must not stay under way.
    if (batch !== undefined) abandon(state, batch, error);
    throw error;
  }
  if (batch !== undefined) {
    const read = readAll(state, batch, failure);
    if (joins === undefined) return read.then(() => failure.settle(results));
    joins.push(read);
  }
  if (joins === undefined) return Promise.resolve(results);
  return Promise.all(joins).then(() => failure.settle(results));
}

/** Reads `batch`, noting its failed keys in `failure`; never rejects. */
function readAll(state: CacheState, batch: ReadBatch, failure: FirstFailure): Promise<void> {
  return readBatchTiers(state, batch).then(
    () => batch.eachFailure((index, error) => failure.note(index, error)),
    (error: unknown) => {
      abandon(state, batch, error);
      batch.eachFailure((index, error) => failure.note(index, error));
    },
  );
}

/** Fails every key of `batch` not settled yet (each counted a miss). */
function abandon(state: CacheState, batch: ReadBatch, error: unknown): void {
  for (let position = 0; position < batch.keys.length; position++) {
    if (!batch.pending(position)) continue;
    state.countMiss(batch.keys[position]!);
    batch.fail(state.reads, position, error);
  }
  batch.endRound();
}

/** Waits for a joined key, writing its value into `results` or its error into `failure`. */
function joinInto(
  joined: Promise<unknown>,
  results: unknown[],
  index: number,
  failure: FirstFailure,
): Promise<void> {
  return joined.then(
    (value) => {
      results[index] = value;
    },
    (error: unknown) => failure.note(index, error),
  );
}

/** The error of the first key, in key order, that failed. */
class FirstFailure {
  #index = Number.POSITIVE_INFINITY;
  #error: unknown;

  note(index: number, error: unknown): void {
    if (index >= this.#index) return;
    this.#index = index;
    this.#error = error;
  }

  settle(results: unknown[]): unknown[] {
    if (this.#index !== Number.POSITIVE_INFINITY) throw this.#error;
    return results;
  }
}
