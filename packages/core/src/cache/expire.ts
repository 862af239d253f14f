import type { CacheState } from './cache-state.js';
import { unwrapEntryBytes, wrapEntryBytes } from './entry-envelope.js';
import { L1Entry } from './l1-entry.js';
import type { SharedTier } from './shared-tier.js';
import { entryTimes } from './tier-entry.js';

/**
 * `expire`: entries with a grace period turn stale but stay for what is left of their grace, so
 * the next `getOrCompute` recomputes and can still fall back on them; entries without grace are
 * removed, as by `delete`.
 */

/** Makes L1's entry for `key` stale (or removes a plain one); true when it held the key. */
export function expireInL1(state: CacheState, key: string): boolean {
  const held = state.l1.getWithTtl(key);
  if (held === undefined) return false;
  const entry = held.value;
  if (!(entry instanceof L1Entry)) return state.l1.delete(key);
  const keptMs = Math.min(held.ttlMs, entry.meta.graceMs);
  if (entry.freshUntil > Date.now() && keptMs >= 1) {
    state.l1.set(key, new L1Entry(entry.value, 0, entry.meta), Math.ceil(keptMs));
  }
  return true;
}

/**
 * Makes a shared tier's entries stale: read, then written back with no fresh time left and
 * what is left of their grace as TTL (a tier without remaining TTLs reads them as stale too,
 * since `freshMs` is 0, kept for what is left of `writtenAt` + grace); entries without grace
 * are removed. A write to a key
 * between the read and the write back is overwritten by the stale copy; `delete` has no such
 * window. Resolves to how many keys the tier held.
 */
export async function expireInTier(tier: SharedTier, keys: readonly string[]): Promise<number> {
  const entries = await tier.readMany(keys);
  const plain: string[] = [];
  const writes: Promise<void>[] = [];
  let held = 0;
  for (let index = 0; index < keys.length; index++) {
    const entry = Array.isArray(entries) ? entries[index] : undefined;
    if (entry === undefined) continue;
    held++;
    const key = keys[index]!;
    let unwrapped: ReturnType<typeof unwrapEntryBytes>;
    try {
      unwrapped = unwrapEntryBytes(entry.value);
    } catch {
      plain.push(key);
      continue;
    }
    const { bytes, meta } = unwrapped;
    if (meta === undefined || meta.graceMs <= 0) {
      plain.push(key);
      continue;
    }
    const { freshLeftMs, leftMs } = entryTimes(entry.ttlMs, meta);
    if (freshLeftMs <= 0) continue;
    const keptMs = Math.ceil(Math.min(leftMs, meta.graceMs));
    // The write time stays: a tag invalidated after the write must still reach the stale copy.
    const stale = { freshMs: 0, graceMs: keptMs, writtenAt: meta.writtenAt, tags: meta.tags };
    writes.push(tier.set(key, wrapEntryBytes(bytes, stale), keptMs));
  }
  if (plain.length > 0) writes.push(tier.delete(plain).then(() => undefined));
  await Promise.all(writes);
  return held;
}
