import type { InvalidationMessage } from '../bus/invalidation-message.js';
import type { CacheState } from './cache-state.js';
import { namespaceTag } from './tag-names.js';
import { busState, tagRegistry } from './tag-state.js';

/** Records `tags` as invalidated at `at` in this instance's registry. */
export function recordLocally(state: CacheState, tags: readonly string[], at: number): void {
  const registry = tagRegistry(state);
  const epoch = busState(state) === 'live' ? registry.epoch : undefined;
  for (const tag of tags) registry.record(tag, at, epoch);
}

/** Records `tags` as expired (`expireByTag`) at `at` in this instance's registry. */
export function recordExpiredLocally(state: CacheState, tags: readonly string[], at: number): void {
  const registry = tagRegistry(state);
  const epoch = busState(state) === 'live' ? registry.epoch : undefined;
  for (const tag of tags) registry.recordExpired(tag, at, epoch);
}

/**
 * Applies a `tags` or `namespace` message: the times recorded (tagged L1 entries are then
 * dropped, or turned stale for an expiry, when read), a namespace's L1 entries removed and its work under way marked stale.
 * Returns how many L1 entries were removed.
 */
export function applyGroupInvalidation(
  state: CacheState,
  message: Extract<InvalidationMessage, { type: 'tags' | 'namespace' }>,
): number {
  if (message.type === 'tags') {
    if (message.mode === 'expire') recordExpiredLocally(state, message.tags, message.at);
    else recordLocally(state, message.tags, message.at);
    return 0;
  }
  recordLocally(state, [namespaceTag(message.prefix)], message.at);
  const glob = `${message.prefix}*`;
  state.reads.markStaleMatching(glob);
  state.computations.markStaleMatching(glob);
  return state.l1.deleteMatching(glob);
}
