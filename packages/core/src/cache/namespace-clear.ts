import type { InvalidationMessage } from '../bus/invalidation-message.js';
import type { CacheState } from './cache-state.js';
import { applyLocally, publish } from './coherence.js';
import { eachTier } from './fail-open.js';
import { tagClock } from './tag-clock.js';
import { writeTagTimes } from './tag-invalidation.js';
import { namespaceTag } from './tag-names.js';

/**
 * Empties the namespace whose keys start with `prefix`, nested namespaces included: its L1
 * entries here, its keys in every shared tier that can list keys (glob `<prefix>*`), the
 * namespace's implicit tag in every shared tier (which reaches stores that cannot list keys,
 * such as Memcached, and instances that miss the bus message), then one bus message so every
 * other instance empties its L1 too. Resolves to how many entries were removed here and in the
 * tiers that list keys.
 */
export async function clearNamespace(state: CacheState, prefix: string): Promise<number> {
  const message: InvalidationMessage = { type: 'namespace', prefix, at: tagClock() };
  let removed = applyLocally(state, message, 'local');
  const glob = `${prefix}*`;
  const counts = await eachTier(state, 'deleteMatching', glob, (tier) => tier.deleteMatching(glob));
  for (const count of counts) removed += count ?? 0;
  await writeTagTimes(state, [namespaceTag(prefix)], message.at);
  await publish(state, message);
  return removed;
}
