import type { CacheState } from './cache-state.js';
import { L1Entry } from './l1-entry.js';
import type { SharedTier } from './shared-tier.js';
import { tagClock } from './tag-clock.js';

/**
 * The moment a computation starts, on this instance's clock: its value is written to a shared
 * tier only if nothing newer landed there since (see {@link fencedWrite}).
 *
 * @example
 * ```ts
 * const startedAt = computeStart();
 * const value = await compute({ key });
 * ```
 */
export function computeStart(): number {
  // The clock tags are stamped with, so one start time fences both tier writes and tag checks.
  return tagClock();
}

/**
 * Writes a computed value to one shared tier, fenced: a tier holding a write or invalidation made
 * after `startedAt` by any instance refuses it (`setIfNotNewer`). A refused value is older than
 * what the tier holds, so this instance drops it from its own L1 too (unless L1 already holds
 * something else), and the next read finds the newer value.
 *
 * @example
 * ```ts
 * fencedWrite(state, tier, key, value, bytes, tier.ttlFor(ttlMs), startedAt).catch(countIt);
 * ```
 */
export async function fencedWrite(
  state: CacheState,
  tier: SharedTier,
  key: string,
  value: unknown,
  bytes: Uint8Array,
  ttlMs: number,
  startedAt: number,
): Promise<void> {
  const written = await tier.setIfNotNewer(key, bytes, ttlMs, startedAt);
  if (written) return;
  const held = state.l1.get(key);
  if (held === value || (held instanceof L1Entry && held.value === value)) state.l1.delete(key);
}
