import type { L2Entry } from '../stores/l2-store.js';
import type { CacheState } from './cache-state.js';
import { hasMagic, unwrapEntryBytes } from './entry-envelope.js';
import type { SharedTier } from './shared-tier.js';
import type { EnvelopedEntry } from './tag-entry.js';
import { tagKey } from './tag-names.js';
import { busState, tagRegistry } from './tag-state.js';
import { decodeTagTime } from './tag-time-bytes.js';

/**
 * The shared-tier side of tags: an entry read from a tier is served only when none of its tags
 * was invalidated after it was written. Tag times this instance knows to be current are checked
 * in memory; the others are read from the same tier (one `getMany`) first, so an instance that
 * missed a bus message, or started after it, still never serves an invalidated entry.
 */

/** Without a bus, tag times read from a tier are trusted this long. */
const NO_BUS_TRUST_MS = 1000;

type ReadDone = (error: unknown, entry: L2Entry | undefined) => void;

/**
 * Wraps a tier read's callback: plain entries pass through unchanged; an enveloped one is
 * unwrapped and, when tagged, passed on only if its tags allow it (otherwise as a miss, and
 * deleted from the tier behind the caller's back). A damaged envelope is a counted decode error.
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
    const allowed = tagsAllow(state, tier, opened);
    if (typeof allowed === 'boolean') {
      done(undefined, allowed ? opened : dropped(state, tier, key));
      return;
    }
    allowed.then(
      (ok) => done(undefined, ok ? opened : dropped(state, tier, key)),
      (failure: unknown) => {
        // The tags' times are unknown: the entry cannot be trusted, so it is a miss.
        state.recordFailure(tier, 'getMany', key, failure);
        done(undefined, undefined);
      },
    );
  };
}

/** `gateTags` for a batch read: the entries with invalidated (or unverifiable) ones as misses. */
export async function gateTagsMany(
  state: CacheState,
  tier: SharedTier,
  keys: readonly string[],
  entries: readonly (L2Entry | undefined)[],
): Promise<(L2Entry | undefined)[]> {
  // Most batches hold no enveloped entry: they pass through without a promise per key.
  if (!entries.some((entry) => entry !== undefined && hasMagic(entry.value))) return [...entries];
  return Promise.all(
    keys.map(
      (key, index) =>
        new Promise<L2Entry | undefined>((resolve) => {
          gateTags(state, tier, key, (_error, entry) => resolve(entry))(undefined, entries[index]);
        }),
    ),
  );
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

/** Whether `entry`'s tags allow serving it: at once when known, else after reading the tags. */
function tagsAllow(
  state: CacheState,
  tier: SharedTier,
  entry: EnvelopedEntry,
): boolean | Promise<boolean> {
  const registry = tagRegistry(state);
  const bus = busState(state);
  const unknown = entry.meta.tags.filter((tag) => !registry.isCurrent(tag, bus, NO_BUS_TRUST_MS));
  if (unknown.length === 0) return !registry.invalidates(entry.meta);
  const epoch = bus === 'live' ? registry.epoch : undefined;
  return tier.readMany(unknown.map(tagKey)).then((times) => {
    const now = Date.now();
    for (let index = 0; index < unknown.length; index++) {
      const stored = Array.isArray(times) ? times[index] : undefined;
      registry.record(
        unknown[index]!,
        stored === undefined ? 0 : decodeTagTime(stored.value, now),
        epoch,
      );
    }
    return !registry.invalidates(entry.meta);
  });
}

/** Deletes an invalidated entry from `tier` without waiting; the caller sees a miss. */
function dropped(state: CacheState, tier: SharedTier, key: string): undefined {
  tier
    .delete([key])
    .then(undefined, (error: unknown) => state.recordFailure(tier, 'delete', key, error));
  return undefined;
}
