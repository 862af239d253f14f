import { CacheError } from '../errors.js';
import { readManyTiers } from './batch-read.js';
import type { BatchSlot } from './batch-slot.js';
import { settleAll, startSlot } from './batch-slot.js';
import { type EncodedEntry, encodeEntry, writeManyBehind } from './batch-write.js';
import type { CacheState } from './cache-state.js';
import { joinWork } from './read-path.js';

/**
 * What `getOrComputeMany`'s factory returns for the keys it was given: a `Map` or a record. A
 * key left out (or `undefined`) is a miss: nothing is cached for it.
 *
 * @example
 * ```ts
 * const load: ComputeMany<User> = async (keys) => new Map((await db.users(keys)).map((u) => [`user:${u.id}`, u]));
 * ```
 */
export type ComputeMany<T> = (
  keys: readonly string[],
) =>
  | ReadonlyMap<string, T>
  | Readonly<Record<string, T>>
  | Promise<ReadonlyMap<string, T> | Readonly<Record<string, T>>>;

/** What `getOrComputeMany` was asked, checked. */
export interface ComputeManyRequest {
  readonly ttlMs: number;
  readonly forceFresh: boolean;
}

/**
 * `getOrComputeMany`: L1 first; keys already being computed are joined; the rest are registered
 * as this call's computations (so later callers join them), read from the shared tiers with one
 * `getMany` each, and the keys no tier has are computed by ONE factory call. Values go to L1 at
 * once and to the shared tiers behind (one `setMany` per tier), except for keys invalidated
 * meanwhile.
 */
export function getOrComputeManyValues<T>(
  state: CacheState,
  keys: readonly string[],
  computeMissing: ComputeMany<T>,
  request: ComputeManyRequest,
  peekL1: (key: string) => unknown,
): Promise<(T | undefined)[]> {
  const results: unknown[] = new Array(keys.length).fill(undefined);
  const waits: Promise<void>[] = [];
  const mine: BatchSlot[] = [];
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (!request.forceFresh) {
      const hot = peekL1(key);
      if (hot !== undefined) {
        results[index] = hot;
        continue;
      }
    }
    state.counters.requests++;
    if (request.forceFresh && !mine.some((slot) => slot.key === key)) state.markStale(key);
    const joined = state.computations.get(key);
    let promise: Promise<unknown>;
    if (joined !== undefined) {
      promise = joinWork(state, key, joined);
    } else {
      const slot = startSlot(state.computations, key);
      mine.push(slot);
      promise = slot.work.promise;
    }
    waits.push(
      promise.then((value) => {
        results[index] = value;
      }),
    );
  }
  if (mine.length > 0) void computeSlots(state, mine, computeMissing, request);
  return settleAll(waits, results) as Promise<(T | undefined)[]>;
}

/** Reads then computes this call's keys; settles every slot, whatever happens. */
async function computeSlots<T>(
  state: CacheState,
  slots: readonly BatchSlot[],
  computeMissing: ComputeMany<T>,
  request: ComputeManyRequest,
): Promise<void> {
  let missing: readonly BatchSlot[] = slots;
  let computing = false;
  try {
    if (!request.forceFresh && state.tiers.length > 0) {
      missing = await readManyTiers(state, slots, state.computations);
    }
    if (missing.length === 0) return;
    for (const slot of missing) state.countMiss(slot.key);
    computing = true;
    state.counters.computations++;
    state.counters.inFlight++;
    let produced: unknown;
    try {
      produced = await computeMissing(missing.map((slot) => slot.key));
    } finally {
      state.counters.inFlight--;
    }
    settleComputed(state, missing, produced, request.ttlMs);
  } catch (error) {
    for (const slot of computing ? missing : slots) {
      if (!computing && slot.work.hitTier === undefined) state.countMiss(slot.key);
      slot.reject(error);
    }
  } finally {
    for (const slot of slots) state.computations.finish(slot.key, slot.work);
  }
}

/** Hands each key its value (or `undefined`), then writes the values still wanted. */
function settleComputed(
  state: CacheState,
  slots: readonly BatchSlot[],
  produced: unknown,
  ttlMs: number,
): void {
  const lookup = resultLookup(produced);
  const entries: EncodedEntry[] = [];
  for (const slot of slots) {
    const value = lookup(slot.key);
    if (value === undefined) {
      slot.resolve(undefined);
      continue;
    }
    try {
      const entry = encodeEntry(state, slot.key, value, ttlMs);
      if (!slot.work.stale && !state.closed) entries.push(entry);
    } catch (error) {
      slot.reject(error);
      continue;
    }
    slot.resolve(value);
  }
  writeManyBehind(state, entries);
}

function resultLookup(produced: unknown): (key: string) => unknown {
  if (produced instanceof Map) return (key) => produced.get(key);
  if (typeof produced === 'object' && produced !== null) {
    return (key) =>
      Object.hasOwn(produced, key) ? (produced as Record<string, unknown>)[key] : undefined;
  }
  throw new CacheError(
    'invalid-value',
    `getOrComputeMany's factory must return a Map or a record of the keys it found, got ${typeof produced}`,
  );
}
