import type { L2Entry } from '../stores/l2-store.js';
import type { CacheState } from './cache-state.js';
import { type EntryMeta, hasMagic, unwrapEntryBytes } from './entry-envelope.js';
import type { SharedTier } from './shared-tier.js';

/**
 * An entry read from a shared tier, decoded: its value, its meta when it has a grace period or
 * tags, how long it stays fresh and how long the tier still keeps it (both may be negative or
 * zero once stale).
 */
export interface TierValue {
  readonly value: unknown;
  readonly meta: EntryMeta | undefined;
  /** Infinite for an entry without meta: it is fresh for as long as the tier keeps it. */
  readonly freshLeftMs: number;
  /** Remaining time the tier keeps it; `undefined` without meta when the tier does not know. */
  readonly leftMs: number | undefined;
}

/**
 * Decodes `entry`, or returns `undefined` (counted as a decode error and emitted) when its
 * header or its bytes do not decode. With meta, the fresh time left is the tier's remaining TTL
 * minus the grace period, or, when the tier does not report one, what is left of `freshMs` since
 * `writtenAt` by this machine's clock.
 */
export function readTierValue(
  state: CacheState,
  tier: SharedTier,
  key: string,
  entry: L2Entry,
): TierValue | undefined {
  try {
    const { bytes, meta } = unwrapEntryBytes(entry.value);
    const value = state.serializer.deserialize(bytes);
    if (value === undefined) return undefined;
    if (meta === undefined) {
      return { value, meta, freshLeftMs: Number.POSITIVE_INFINITY, leftMs: entry.ttlMs };
    }
    return { value, meta, ...entryTimes(entry.ttlMs, meta) };
  } catch (error) {
    return decodeFailed(state, tier, key, error);
  }
}

/**
 * The fresh value in `entry`, or `undefined` when it is stale (past its TTL, within grace) or
 * does not decode (counted as by {@link readTierValue}). Bytes without an envelope, the common
 * case, are deserialized straight: a batch decodes each key without intermediate objects.
 */
export function freshTierValue(
  state: CacheState,
  tier: SharedTier,
  key: string,
  entry: L2Entry,
): unknown {
  if (hasMagic(entry.value)) {
    const read = readTierValue(state, tier, key, entry);
    return read === undefined || read.freshLeftMs <= 0 ? undefined : read.value;
  }
  try {
    return state.serializer.deserialize(entry.value);
  } catch (error) {
    return decodeFailed(state, tier, key, error);
  }
}

/** An entry that does not decode: counted and emitted, read as a miss. */
function decodeFailed(state: CacheState, tier: SharedTier, key: string, error: unknown): undefined {
  tier.countDecodeError();
  state.emitError(tier.name, 'decode', key, error);
  return undefined;
}

/** Fresh time left and time kept left of an entry with meta, given the tier's remaining TTL. */
export function entryTimes(
  remainingMs: number | undefined,
  meta: EntryMeta,
): { freshLeftMs: number; leftMs: number } {
  if (remainingMs !== undefined && remainingMs > 0) {
    return { freshLeftMs: remainingMs - meta.graceMs, leftMs: remainingMs };
  }
  const freshLeftMs = meta.writtenAt + meta.freshMs - Date.now();
  return { freshLeftMs, leftMs: freshLeftMs + meta.graceMs };
}
