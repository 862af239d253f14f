import type { L2WriteEntry } from '../stores/l2-store.js';
import type { CacheState } from './cache-state.js';
import { type EntryMeta, wrapEntryBytes } from './entry-envelope.js';
import { eachTier } from './fail-open.js';
import { writeL1Value } from './l1-write.js';
import { assertCacheable, assertFits } from './write-path.js';

/** One value of a batch write, checked and encoded, ready for every tier. */
export interface EncodedEntry {
  readonly key: string;
  readonly value: unknown;
  readonly bytes: Uint8Array | undefined;
  readonly ttlMs: number;
  /** Its envelope (tags), when it has one: `bytes` are then already wrapped. */
  readonly meta?: EntryMeta;
}

/**
 * Checks `value` and encodes it for the shared tiers (nothing written yet), in the envelope
 * when `meta` is given: throws `CacheError('invalid-value' | 'not-serializable' |
 * 'value-too-large')` as `set` would.
 */
export function encodeEntry(
  state: CacheState,
  key: string,
  value: unknown,
  ttlMs: number,
  meta?: EntryMeta,
): EncodedEntry {
  assertCacheable(key, value);
  let bytes = state.tiers.length === 0 ? undefined : state.serializer.serialize(value);
  if (bytes !== undefined && meta !== undefined) bytes = wrapEntryBytes(bytes, meta);
  if (bytes !== undefined) assertFits(state, key, bytes);
  return meta === undefined ? { key, value, bytes, ttlMs } : { key, value, bytes, ttlMs, meta };
}

/** Writes the entries to L1, then to every shared tier with one `setMany` each (fail-open). */
export async function writeManyEverywhere(
  state: CacheState,
  entries: readonly EncodedEntry[],
): Promise<void> {
  writeManyL1(state, entries);
  await eachTier(state, 'setMany', entries[0]?.key, (tier) =>
    tier.setMany(tierEntries(entries, (ttlMs) => tier.ttlFor(ttlMs))),
  );
}

/**
 * Writes the entries to L1 now and to the shared tiers behind the caller's back, as
 * `getOrCompute` does: failures are counted and emitted, never rejected.
 */
export function writeManyBehind(state: CacheState, entries: readonly EncodedEntry[]): void {
  if (entries.length === 0) return;
  writeManyL1(state, entries);
  for (const tier of state.tiers) {
    tier.setMany(tierEntries(entries, (ttlMs) => tier.ttlFor(ttlMs))).then(undefined, (error) => {
      state.recordFailure(tier, 'setMany', entries[0]!.key, error);
    });
  }
}

function writeManyL1(state: CacheState, entries: readonly EncodedEntry[]): void {
  for (const entry of entries) {
    if (entry.meta === undefined) {
      state.l1.set(entry.key, entry.value, Math.min(entry.ttlMs, state.l1MaxTtlMs));
    } else {
      writeL1Value(state, entry.key, entry.value, entry.ttlMs, entry.meta);
    }
  }
}

function tierEntries(
  entries: readonly EncodedEntry[],
  ttlFor: (ttlMs: number) => number,
): L2WriteEntry[] {
  const written: L2WriteEntry[] = [];
  for (const entry of entries) {
    if (entry.bytes !== undefined) {
      const ttlMs = ttlFor(entry.ttlMs) + (entry.meta?.graceMs ?? 0);
      written.push({ key: entry.key, value: entry.bytes, ttlMs });
    }
  }
  return written;
}
