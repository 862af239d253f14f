import { CacheError } from '../errors.js';
import type { CacheState } from './cache-state.js';
import { eachTier } from './fail-open.js';

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
): Promise<void> {
  const encoded =
    state.tiers.length === 0 ? undefined : (bytes ?? state.serializer.serialize(value));
  if (encoded !== undefined) assertFits(state, key, encoded);
  state.l1.set(key, value, Math.min(ttlMs, state.l1MaxTtlMs));
  if (encoded === undefined) return;
  await eachTier(state, 'set', key, (tier) => tier.set(key, encoded, tier.ttlFor(ttlMs)));
}

/** Refuses bytes larger than a tier holds, before any tier is written. */
function assertFits(state: CacheState, key: string, bytes: Uint8Array): void {
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
