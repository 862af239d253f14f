import type { CacheState } from './cache-state.js';
import { TagRegistry } from './tag-registry.js';

/**
 * Each cache's {@link TagRegistry}, kept beside its state rather than in it so that untagged
 * work never touches it.
 */
const registries = new WeakMap<CacheState, TagRegistry>();

/** The tag registry of `state`'s cache, created on first use. */
export function tagRegistry(state: CacheState): TagRegistry {
  let registry = registries.get(state);
  if (registry === undefined) {
    registry = new TagRegistry();
    registries.set(state, registry);
  }
  return registry;
}

/** How far the bus can be trusted to have delivered every tag invalidation. */
export function busState(state: CacheState): 'live' | 'down' | 'none' {
  const bus = state.bus;
  if (bus === undefined) return 'none';
  let stats: Readonly<Record<string, unknown>> | undefined;
  try {
    stats = bus.stats?.();
  } catch {
    return 'down';
  }
  return stats?.subscribed === false ? 'down' : 'live';
}
