import { publishPromotion } from '../diagnostics/publish-events.js';
import type { L2Entry } from '../stores/l2-store.js';
import type { CacheState } from './cache-state.js';
import { hasMagic, unwrapEntryBytes } from './entry-envelope.js';
import { asTierError } from './fail-open.js';
import { writeL1Value } from './l1-write.js';
import type { PendingWork, PendingWorkMap } from './pending-work.js';
import type { SharedTier } from './shared-tier.js';
import { gateTags } from './tag-gate.js';
import { entryTimes, readTierValue } from './tier-entry.js';

/**
 * Reading and promotion: the shared tiers in order until one has the key, then the value copied
 * upward with the TTL that tier still had.
 */

/**
 * Reads `tiers[index]`, then the tiers below it, until one has the key: resolves to the value
 * (promoted upward unless `work` went stale) or to `undefined`. Written as a callback chain
 * rather than an async loop because this is the L2-hit hot path. `owner` is the work map to
 * leave as soon as the outcome is known; `countMiss` counts the caller's miss when no tier has it.
 */
export function readTiers(
  state: CacheState,
  key: string,
  work: PendingWork<unknown>,
  owner: PendingWorkMap<unknown> | undefined,
  countMiss: boolean,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    readInto(state, key, 0, work, owner, countMiss, resolve, reject);
  });
}

function readInto(
  state: CacheState,
  key: string,
  index: number,
  work: PendingWork<unknown>,
  owner: PendingWorkMap<unknown> | undefined,
  countMiss: boolean,
  resolve: (value: unknown) => void,
  reject: (error: unknown) => void,
): void {
  const tier = state.tiers[index]!;
  // One anonymous callback per read (a named closure costs a `name` property write wherever
  // sources are compiled with names kept); only an enveloped entry goes through the tag gate,
  // which passes every other entry through unchanged.
  tier.read(key, (error: unknown, entry: L2Entry | undefined): void => {
    if (error === undefined && entry !== undefined && hasMagic(entry.value)) {
      gateTags(state, tier, key, (gateError: unknown, gated: L2Entry | undefined): void =>
        settleRead(state, key, index, work, owner, countMiss, resolve, reject, gateError, gated),
      )(error, entry);
      return;
    }
    settleRead(state, key, index, work, owner, countMiss, resolve, reject, error, entry);
  });
}

/** What `tiers[index]` answered for `key`: the hit resolved and promoted, else the next tier. */
function settleRead(
  state: CacheState,
  key: string,
  index: number,
  work: PendingWork<unknown>,
  owner: PendingWorkMap<unknown> | undefined,
  countMiss: boolean,
  resolve: (value: unknown) => void,
  reject: (error: unknown) => void,
  error: unknown,
  entry: L2Entry | undefined,
): void {
  const tier = state.tiers[index]!;
  try {
    if (error !== undefined) {
      state.recordFailure(tier, 'get', key, error);
      if (state.strict) {
        owner?.finish(key, work);
        if (countMiss) state.countMiss(key);
        reject(asTierError(tier, 'get', error));
        return;
      }
    } else if (entry !== undefined) {
      const read = readTierValue(state, tier, key, entry);
      const value = read === undefined || read.freshLeftMs <= 0 ? undefined : read.value;
      if (read !== undefined && value === undefined && work.graced === undefined) {
        // Past its TTL, within grace: a miss, kept for the computation's fail-safe.
        work.graced = { value: read.value, meta: read.meta!, leftMs: read.leftMs ?? 0 };
      }
      if (value !== undefined) {
        owner?.finish(key, work);
        work.hitTier = index;
        tier.countHit();
        if (state.events.has('hit')) state.events.emit('hit', { key, tier: tier.name });
        if (!work.stale) promote(state, key, value, entry, index);
        resolve(value);
        return;
      }
    }
    if (index + 1 < state.tiers.length) {
      readInto(state, key, index + 1, work, owner, countMiss, resolve, reject);
      return;
    }
    owner?.finish(key, work);
    if (countMiss) state.countMiss(key);
    resolve(undefined);
  } catch (failure) {
    // An L1 or serializer that throws (a bad lru-cache sizeOf, say) must still settle the caller.
    owner?.finish(key, work);
    if (countMiss && work.hitTier === undefined) state.countMiss(key);
    reject(failure);
  }
}

/**
 * A caller sharing work already under way: counted as coalesced, and once the work settles as
 * a hit in the tier that answered or as a miss, so `hits + misses` always equals `requests`.
 */
export function joinWork(
  state: CacheState,
  key: string,
  work: PendingWork<unknown>,
): Promise<unknown> {
  state.counters.coalesced++;
  return work.promise.then(
    (value) => {
      countJoined(state, key, work);
      return value;
    },
    (error: unknown) => {
      countJoined(state, key, work);
      throw error;
    },
  );
}

function countJoined(state: CacheState, key: string, work: PendingWork<unknown>): void {
  const tier = work.hitTier === undefined ? undefined : state.tiers[work.hitTier];
  if (tier !== undefined) tier.countHit();
  else state.countMiss(key);
}

/**
 * The fresh value in `entry`, or `undefined` when it is stale (past its TTL, within grace) or
 * when its bytes do not decode (counted).
 */
export function decode(state: CacheState, tier: SharedTier, key: string, entry: L2Entry): unknown {
  const read = readTierValue(state, tier, key, entry);
  return read === undefined || read.freshLeftMs <= 0 ? undefined : read.value;
}

/** Copies a hit at `tiers[index]` into L1 and every promoting tier above it, keeping its TTL. */
export function promote(
  state: CacheState,
  key: string,
  value: unknown,
  entry: L2Entry,
  index: number,
): void {
  const source = state.tiers[index]!;
  const { meta } = unwrapEntryBytes(entry.value);
  let ttlMs = entry.ttlMs !== undefined && entry.ttlMs > 0 ? entry.ttlMs : state.defaultTtlMs;
  let freshMs = ttlMs;
  if (meta !== undefined) {
    const times = entryTimes(entry.ttlMs, meta);
    ttlMs = Math.max(1, Math.ceil(times.leftMs));
    freshMs = times.freshLeftMs;
  }
  const l1TtlMs = Math.min(freshMs, state.l1MaxTtlMs);
  try {
    writeL1Value(state, key, value, freshMs, meta, ttlMs - freshMs);
  } catch (error) {
    state.emitError(state.l1.name, 'set', key, error);
    throw error;
  }
  state.counters.promotions++;
  if (state.events.has('promotion')) {
    state.events.emit('promotion', { key, from: source.name, to: state.l1.name, ttlMs: l1TtlMs });
  }
  publishPromotion(key, source.name, state.l1.name, l1TtlMs);
  for (let upper = 0; upper < index; upper++) {
    const tier = state.tiers[upper]!;
    if (!tier.promote) continue;
    const tierTtlMs = meta === undefined ? Math.min(ttlMs, tier.maxTtlMs) : ttlMs;
    // Fenced like a computed write when the entry's write time is known: a lower tier's older
    // copy never lands over a newer write or an invalidation's tombstone in the tier above.
    const written =
      entry.writtenAt === undefined
        ? tier.set(key, entry.value, tierTtlMs).then(() => true)
        : tier.setIfNotNewer(key, entry.value, tierTtlMs, entry.writtenAt);
    written.then(
      (landed) => {
        if (!landed) return;
        state.counters.promotions++;
        if (state.events.has('promotion')) {
          state.events.emit('promotion', {
            key,
            from: source.name,
            to: tier.name,
            ttlMs: tierTtlMs,
          });
        }
        publishPromotion(key, source.name, tier.name, tierTtlMs);
      },
      (error: unknown) => state.recordFailure(tier, 'set', key, error),
    );
  }
}
