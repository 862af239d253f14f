import type { L2Entry } from '../stores/l2-store.js';
import type { CacheState } from './cache-state.js';
import { hasMagic, unwrapEntryBytes, wrapEntryBytes } from './entry-envelope.js';
import type { SharedTier } from './shared-tier.js';
import type { EnvelopedEntry } from './tag-entry.js';
import { expiredTagKey, tagKey } from './tag-names.js';
import type { TagVerdict } from './tag-registry.js';
import { busState, tagRegistry } from './tag-state.js';
import { decodeTagTime } from './tag-time-bytes.js';
import { entryTimes } from './tier-entry.js';

/**
 * The shared-tier side of tags: an entry read from a tier is served only when none of its tags
 * was invalidated after it was written, and as stale when one was expired after it was written. Tag times this instance knows to be current are checked
 * in memory; the others are read from the same tier (one `getMany`) first, so an instance that
 * missed a bus message, or started after it, still never serves an invalidated entry.
 */

/** Without a bus, tag times read from a tier are trusted this long. */
const NO_BUS_TRUST_MS = 1000;

type ReadDone = (error: unknown, entry: L2Entry | undefined) => void;

/**
 * Wraps a tier read's callback: plain entries pass through unchanged; an enveloped one is
 * unwrapped and, when tagged, passed on only if its tags allow it (otherwise as a miss, and
 * deleted from the tier behind the caller's back), as a stale copy when a tag expired it. A
 * damaged envelope is a counted decode error.
 */
export function gateTags(
  state: CacheState,
  tier: SharedTier,
  key: string,
  done: ReadDone,
): ReadDone {
  return function gatedRead(error, entry) {
    if (error !== undefined || entry === undefined) {
      done(error, entry);
      return;
    }
    const opened = openEnvelope(state, tier, key, entry);
    if (opened === undefined || !('meta' in opened) || opened.meta.tags.length === 0) {
      done(undefined, opened);
      return;
    }
    const verdict = tagVerdict(state, tier, opened);
    if (typeof verdict === 'string') {
      done(undefined, judged(state, tier, key, opened, verdict));
      return;
    }
    verdict.then(
      (known) => done(undefined, judged(state, tier, key, opened, known)),
      (failure: unknown) => {
        // The tags' times are unknown: the entry cannot be trusted, so it is a miss.
        state.recordFailure(tier, 'getMany', key, failure);
        done(undefined, undefined);
      },
    );
  };
}

/**
 * `gateTags` for a batch read: the entries with invalidated (or unverifiable) ones as misses.
 * Most batches hold no enveloped entry: those come back as they are, at once, without a copy or
 * a promise per key.
 */
export function gateTagsMany(
  state: CacheState,
  tier: SharedTier,
  keys: readonly string[],
  entries: readonly (L2Entry | undefined)[],
): readonly (L2Entry | undefined)[] | Promise<(L2Entry | undefined)[]> {
  if (!entries.some(isEnveloped)) return entries;
  return Promise.all(
    keys.map(
      (key, index) =>
        new Promise<L2Entry | undefined>((resolve) => {
          gateTags(state, tier, key, (_error, entry) => resolve(entry))(undefined, entries[index]);
        }),
    ),
  );
}

function isEnveloped(entry: L2Entry | undefined): boolean {
  return entry !== undefined && hasMagic(entry.value);
}

/** `entry` itself when it has no envelope, the unwrapped entry, or `undefined` when damaged. */
function openEnvelope(
  state: CacheState,
  tier: SharedTier,
  key: string,
  entry: L2Entry,
): L2Entry | EnvelopedEntry | undefined {
  try {
    const { bytes, meta } = unwrapEntryBytes(entry.value);
    if (meta === undefined) return entry;
    return { value: entry.value, ttlMs: entry.ttlMs, meta, bytes };
  } catch (error) {
    tier.countDecodeError();
    state.emitError(tier.name, 'decode', key, error);
    return undefined;
  }
}

/**
 * What `entry`'s tags say of it: at once when known, else after reading both times of each
 * tag not known to be current (one `getMany`).
 */
function tagVerdict(
  state: CacheState,
  tier: SharedTier,
  entry: EnvelopedEntry,
): TagVerdict | Promise<TagVerdict> {
  const registry = tagRegistry(state);
  const bus = busState(state);
  const unknown = entry.meta.tags.filter((tag) => !registry.isCurrent(tag, bus, NO_BUS_TRUST_MS));
  if (unknown.length === 0) return registry.verdict(entry.meta);
  const epoch = bus === 'live' ? registry.epoch : undefined;
  const keys = [...unknown.map(tagKey), ...unknown.map(expiredTagKey)];
  return tier.readMany(keys).then((times) => {
    const now = Date.now();
    const timeAt = (index: number): number => {
      const stored = Array.isArray(times) ? times[index] : undefined;
      return stored === undefined ? 0 : decodeTagTime(stored.value, now);
    };
    for (let index = 0; index < unknown.length; index++) {
      registry.learn(unknown[index]!, timeAt(index), timeAt(unknown.length + index), epoch);
    }
    return registry.verdict(entry.meta);
  });
}

/**
 * The entry to pass on for `verdict`: itself when live; when expired, a copy with no fresh time
 * left, kept for what is left of its grace (its write time unchanged, so a later `deleteByTag`
 * still reaches it), or a miss without grace; a miss when invalidated.
 */
function judged(
  state: CacheState,
  tier: SharedTier,
  key: string,
  entry: EnvelopedEntry,
  verdict: TagVerdict,
): EnvelopedEntry | undefined {
  if (verdict === 'live') return entry;
  const meta = entry.meta;
  if (verdict === 'expired' && meta.graceMs > 0) {
    const { freshLeftMs, leftMs } = entryTimes(entry.ttlMs, meta);
    if (freshLeftMs <= 0) return entry;
    const keptMs = Math.floor(Math.min(leftMs, meta.graceMs));
    if (keptMs >= 1) {
      const stale = { ...meta, freshMs: 0, graceMs: keptMs };
      return {
        value: wrapEntryBytes(entry.bytes, stale),
        ttlMs: keptMs,
        meta: stale,
        bytes: entry.bytes,
      };
    }
  }
  return dropped(state, tier, key);
}

/** Deletes an invalidated entry from `tier` without waiting; the caller sees a miss. */
function dropped(state: CacheState, tier: SharedTier, key: string): undefined {
  tier
    .delete([key])
    .then(undefined, (error: unknown) => state.recordFailure(tier, 'delete', key, error));
  return undefined;
}
