import { CacheError } from '../errors.js';
import type { CacheState } from './cache-state.js';
import { type EntryMeta, wrapEntryBytes } from './entry-envelope.js';
import { eachTier } from './fail-open.js';
import { fencedWrite } from './fence-write.js';
import { writeL1Value } from './l1-write.js';
import type { SharedTier } from './shared-tier.js';

/**
 * Writing: a value checked against every tier's limit, then written to L1 and to every shared
 * tier in parallel (fail-open unless strict).
 */

/**
 * Writes `value` to L1 and its bytes (`bytes`, or serialised here) to every shared tier, in
 * the entry envelope when `meta` gives grace or tags (kept for TTL + grace). Resolves to the
 * bytes the tiers got, `undefined` without shared tiers.
 */
export async function writeEverywhere(
  state: CacheState,
  key: string,
  value: unknown,
  ttlMs: number,
  bytes?: Uint8Array,
  meta?: EntryMeta,
): Promise<Uint8Array | undefined> {
  const encoded = writeL1(state, key, value, ttlMs, bytes, meta);
  if (encoded === undefined) return undefined;
  await eachTier(state, 'set', key, (tier) => tier.set(key, encoded, tierTtl(tier, ttlMs, meta)));
  return encoded;
}

/** The TTL a tier gets: its own for the fresh part, plus the grace period on top. */
export function tierTtl(tier: SharedTier, ttlMs: number, meta: EntryMeta | undefined): number {
  const fresh = tier.ttlFor(ttlMs);
  return meta === undefined ? fresh : fresh + meta.graceMs;
}

/**
 * Writes `value` to L1 now and starts the shared-tier writes without waiting for them: their
 * failures are counted and emitted (never rejected, even in strict mode, since the caller already
 * has its value). Serialisation and size errors still throw, before anything is written. With
 * `startedAt` (a computed value) each tier write is fenced ({@link fencedWrite}).
 */
export function writeBehind(
  state: CacheState,
  key: string,
  value: unknown,
  ttlMs: number,
  meta?: EntryMeta,
  startedAt?: number,
): Uint8Array | undefined {
  const encoded = writeL1(state, key, value, ttlMs, undefined, meta);
  if (encoded === undefined) return undefined;
  for (const tier of state.tiers) {
    const ttl = tierTtl(tier, ttlMs, meta);
    const write =
      startedAt === undefined
        ? tier.set(key, encoded, ttl)
        : fencedWrite(state, tier, key, value, encoded, ttl, startedAt);
    write.then(undefined, (error: unknown) => {
      state.recordFailure(tier, 'set', key, error);
    });
  }
  return encoded;
}

/**
 * Checks and encodes `value` (in the entry envelope when it has meta), then writes it to L1;
 * returns the bytes for the shared tiers.
 */
function writeL1(
  state: CacheState,
  key: string,
  value: unknown,
  ttlMs: number,
  bytes: Uint8Array | undefined,
  meta: EntryMeta | undefined,
): Uint8Array | undefined {
  let encoded = state.tiers.length === 0 ? undefined : (bytes ?? state.serializer.serialize(value));
  if (encoded !== undefined && meta !== undefined) encoded = wrapEntryBytes(encoded, meta);
  if (encoded !== undefined) assertFits(state, key, encoded);
  writeL1Value(state, key, value, ttlMs, meta);
  return encoded;
}

/** Refuses bytes larger than a tier holds, before any tier is written. */
export function assertFits(state: CacheState, key: string, bytes: Uint8Array): void {
  for (const tier of state.tiers) {
    const limit = tier.maxValueBytes;
    if (limit !== undefined && bytes.byteLength > limit) {
      throw new CacheError(
        'value-too-large',
        `value of ${JSON.stringify(key)} is ${bytes.byteLength} bytes; ${tier.name} holds at most ${limit}: store less or split it`,
      );
    }
  }
}

/** Refuses `undefined`, which the cache uses for "absent". */
export function assertCacheable(key: string, value: unknown): void {
  if (value === undefined) {
    throw new CacheError(
      'invalid-value',
      `value of ${JSON.stringify(key)} is undefined, which the cache uses for "absent": store null instead`,
    );
  }
}
