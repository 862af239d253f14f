import type { CacheState } from './cache-state.js';
import { publish } from './coherence.js';
import { eachTier } from './fail-open.js';
import { recordExpiredLocally, recordLocally } from './tag-apply.js';
import { tagClock } from './tag-clock.js';
import { expiredTagKey, tagKey } from './tag-names.js';
import { encodeTagTime } from './tag-time-bytes.js';

/**
 * Invalidating by tag: one small key per tag (`__mtc:tag:<tag>` → the invalidation time) in
 * every shared tier and one bus message, whatever the number of tagged entries. The entries
 * themselves are left alone: every read compares their write time with their tags' times.
 */

/** How long a tag's time is kept in a shared tier: entries that live longer outlive it. */
export const TAG_TTL_MS = 30 * 24 * 3_600_000;

/** Records `tags` as invalidated now, here, in every shared tier and on every instance. */
export async function invalidateTags(state: CacheState, tags: readonly string[]): Promise<void> {
  const at = tagClock();
  recordLocally(state, tags, at);
  await writeTagTimes(state, tags, at);
  await publish(state, { type: 'tags', tags, at });
}

/**
 * Records `tags` as expired now (`expireByTag`), here, in every shared tier (a second key per
 * tag, beside its invalidation time) and on every instance.
 */
export async function expireTags(state: CacheState, tags: readonly string[]): Promise<void> {
  const at = tagClock();
  recordExpiredLocally(state, tags, at);
  await writeTagTimes(state, tags, at, expiredTagKey);
  await publish(state, { type: 'tags', tags, at, mode: 'expire' });
}

/** Writes each tag's time `at` to every shared tier (fail-open unless strict). */
export async function writeTagTimes(
  state: CacheState,
  tags: readonly string[],
  at: number,
  keyOf: (tag: string) => string = tagKey,
): Promise<void> {
  const value = encodeTagTime(at);
  await eachTier(state, 'set', keyOf(tags[0]!), (tier) => {
    const ttlMs = tier.ttlFor(TAG_TTL_MS);
    return tier.setMany(tags.map((tag) => ({ key: keyOf(tag), value, ttlMs })));
  });
}
