import type { CacheState } from './cache-state.js';
import type { EntryMeta } from './entry-envelope.js';
import { L1Entry } from './l1-entry.js';

/**
 * Writes a value to L1. Without meta, the plain value for its TTL (capped by `l1MaxTtl`), as
 * always. With meta, an {@link L1Entry} fresh for `freshMs` (capped by `l1MaxTtl`) and kept
 * `staleMs` longer: the grace period sits on top of L1's cap, so a graced value outlives a
 * shared-tier outage in L1 as long as the shared tiers would have kept it.
 */
export function writeL1Value(
  state: CacheState,
  key: string,
  value: unknown,
  freshMs: number,
  meta: EntryMeta | undefined,
  staleMs = meta?.graceMs ?? 0,
): void {
  const fresh = Math.min(freshMs, state.l1MaxTtlMs);
  if (meta === undefined) {
    state.l1.set(key, value, fresh);
    return;
  }
  const keptMs = Math.max(fresh, 0) + Math.max(staleMs, 0);
  if (keptMs < 1) return;
  state.l1.set(key, new L1Entry(value, Date.now() + fresh, meta), Math.ceil(keptMs));
}

/**
 * The meta of a value written now with this TTL and grace, on top of `tagged` (the meta its tags
 * gave it, if any); `undefined` without grace and tags, so the entry is stored plain.
 */
export function graceMeta(
  ttlMs: number,
  graceMs: number,
  tagged?: EntryMeta,
): EntryMeta | undefined {
  if (graceMs <= 0) return tagged;
  if (tagged !== undefined) return { ...tagged, graceMs };
  return { freshMs: ttlMs, graceMs, writtenAt: Date.now(), tags: [] };
}
