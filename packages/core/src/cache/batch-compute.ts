import { CacheError } from '../errors.js';
import { readManyTiers } from './batch-read.js';
import type { BatchSlot } from './batch-slot.js';
import { settleAll, startSlot } from './batch-slot.js';
import { type EncodedEntry, encodeEntry, writeManyBehind } from './batch-write.js';
import type { CacheState } from './cache-state.js';
import { acquireLeases, awaitHeldKeys, type ComputedSlot } from './lease-batch.js';
import { type LeasedEntry, writeManyBehindLeased } from './lease-write.js';
import type { LockSettings } from './lock-settings.js';
import { lockTier, releaseLease } from './locked-compute.js';
import { joinWork } from './read-path.js';
import { tagClock } from './tag-clock.js';
import { taggedMeta } from './tag-meta.js';

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
  /** Leases for the keys this call computes, so other instances wait instead. @default none */
  readonly lock?: LockSettings;
  /** Tags of every computed value: `deleteByTag` of any of them invalidates it. @default none */
  readonly tags?: readonly string[];
}

/**
 * `getOrComputeMany`: L1 first; keys already being computed are joined; the rest are registered
 * as this call's computations (so later callers join them), read from the shared tiers with one
 * `getMany` each, and the keys no tier has are computed by ONE factory call. Values go to L1 at
 * once and to the shared tiers behind (one `setMany` per tier), except for keys invalidated
 * meanwhile. With `request.lock`, the keys to compute are leased first (see `acquireLeases`):
 * the factory gets only the keys whose lease this call took, and the keys another instance
 * holds are waited for; those whose holder wrote nothing by the end are computed by one more
 * factory call.
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
  try {
    if (!request.forceFresh && state.tiers.length > 0) {
      missing = await readManyTiers(state, slots, state.computations);
    }
  } catch (error) {
    for (const slot of slots) {
      if (slot.work.hitTier === undefined) state.countMiss(slot.key);
      slot.reject(error);
    }
    missing = [];
  }
  try {
    if (missing.length === 0) return;
    // As in getOrCompute, forceFresh computes without a lease: a lease needs the key absent.
    const lock = request.forceFresh ? undefined : request.lock;
    const tier = lock === undefined ? undefined : lockTier(state);
    if (tier === undefined || lock === undefined) {
      const unleased = missing.map((slot) => ({ slot, token: undefined }));
      await computeKeys(state, unleased, computeMissing, request);
      return;
    }
    const { mine, held } = await acquireLeases(state, tier, missing, lock);
    await Promise.all([
      computeKeys(state, mine, computeMissing, request),
      held.length > 0 &&
        awaitHeldKeys(state, tier, held, lock).then((late) =>
          computeKeys(state, late, computeMissing, request),
        ),
    ]);
  } catch (error) {
    // Only a broken L1 or serializer gets here: every key still pending settles with its error.
    for (const slot of missing) slot.reject(error);
  } finally {
    for (const slot of slots) state.computations.finish(slot.key, slot.work);
  }
}

/**
 * Computes `keys` with ONE factory call (counted as misses), hands each key its value (or
 * `undefined`), then writes the values still wanted: leased keys through their lease, the others
 * behind as `getOrCompute` does. Leases not used for a write are released. Never rejects.
 */
async function computeKeys<T>(
  state: CacheState,
  keys: readonly ComputedSlot[],
  computeMissing: ComputeMany<T>,
  request: ComputeManyRequest,
): Promise<void> {
  if (keys.length === 0) return;
  const { ttlMs } = request;
  // Stamped with the computation's start, so a deleteByTag while it runs invalidates its values.
  const meta = taggedMeta(request.tags, ttlMs, tagClock());
  for (const { slot } of keys) state.countMiss(slot.key);
  state.counters.computations++;
  state.counters.inFlight++;
  let lookup: (key: string) => unknown;
  try {
    lookup = resultLookup(await computeMissing(keys.map(({ slot }) => slot.key)));
  } catch (error) {
    for (const { slot, token } of keys) {
      slot.reject(error);
      if (token !== undefined) releaseLease(state, slot.key, token);
    }
    return;
  } finally {
    state.counters.inFlight--;
  }
  const unleased: EncodedEntry[] = [];
  const leased: LeasedEntry[] = [];
  for (const { slot, token } of keys) {
    const value = lookup(slot.key);
    let entry: EncodedEntry | undefined;
    if (value !== undefined) {
      try {
        entry = encodeEntry(state, slot.key, value, ttlMs, meta);
      } catch (error) {
        slot.reject(error);
      }
    }
    if (value === undefined || entry !== undefined) slot.resolve(value);
    if (entry !== undefined && !slot.work.stale && !state.closed) {
      if (token === undefined) unleased.push(entry);
      else leased.push({ entry, token });
    } else if (token !== undefined) {
      releaseLease(state, slot.key, token);
    }
  }
  writeManyBehind(state, unleased);
  writeManyBehindLeased(state, leased);
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
