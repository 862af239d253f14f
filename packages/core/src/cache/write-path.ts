import { CacheError } from '../errors.js';
import type { CacheState } from './cache-state.js';
import type { EntryMeta } from './entry-envelope.js';
import { eachTier } from './fail-open.js';
import { enveloped, l1Held } from './tag-write.js';

/**
 * Writing: a value checked against every tier's limit, then written to L1 and to every shared
 * tier in parallel (fail-open unless strict).
 */

/** Writes `value` to L1 and its bytes (`bytes`, or serialised here) to every shared tier. */
export async function writeEverywhere(
  state: CacheState,
  key: string,
  value: unknown,
  ttlMs: number,
  bytes?: Uint8Array,
  meta?: EntryMeta,
): Promise<void> {
  const encoded = writeL1(state, key, value, ttlMs, bytes, meta);
  if (encoded === undefined) return;
  await eachTier(state, 'set', key, (tier) => tier.set(key, encoded, tier.ttlFor(ttlMs)));
}

/**
 * Writes `value` to L1 now and starts the shared-tier writes without waiting for them: their
 * failures are counted and emitted (never rejected, even in strict mode, since the caller already
 * has its value). Serialisation and size errors still throw, before anything is written.
 */
export function writeBehind(
  state: CacheState,
  key: string,
  value: unknown,
  ttlMs: number,
  meta?: EntryMeta,
): void {
  const encoded = writeL1(state, key, value, ttlMs, undefined, meta);
  if (encoded === undefined) return;
  for (const tier of state.tiers) {
    tier.set(key, encoded, tier.ttlFor(ttlMs)).then(undefined, (error: unknown) => {
      state.recordFailure(tier, 'set', key, error);
    });
  }
}

/** Checks and encodes `value`, then writes it to L1; returns the bytes for the shared tiers. */
function writeL1(
  state: CacheState,
  key: string,
  value: unknown,
  ttlMs: number,
  bytes: Uint8Array | undefined,
  meta?: EntryMeta,
): Uint8Array | undefined {
  const serialized =
    state.tiers.length === 0 ? undefined : (bytes ?? state.serializer.serialize(value));
  const encoded = enveloped(serialized, meta);
  if (encoded !== undefined) assertFits(state, key, encoded);
  state.l1.set(key, l1Held(value, meta), Math.min(ttlMs, state.l1MaxTtlMs));
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
