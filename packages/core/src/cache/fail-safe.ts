import type { CacheState } from './cache-state.js';
import { L1Entry } from './l1-entry.js';
import type { GracedValue } from './pending-work.js';

/**
 * Fail-safe: a caller whose computation failed or was slow gets the stale value instead, counted
 * and emitted. After a failure the key backs off: `getOrCompute` serves the stale value for
 * `backoffMs` without computing again (kept in L1, past its grace end if need be).
 */
export function serveStale(
  state: CacheState,
  key: string,
  graced: GracedValue,
  reason: 'error' | 'timeout' | 'backoff' | 'lock',
  error: unknown,
  backoffMs: number,
): unknown {
  state.counters.staleServed++;
  if (state.events.has('stale')) state.events.emit('stale', { key, reason, error });
  if (reason === 'error') backOff(state, key, graced, backoffMs);
  return graced.value;
}

/** Counts and emits a computation that threw or hit its hard timeout. */
export function countFactoryError(state: CacheState, key: string, error: unknown): void {
  state.counters.factoryErrors++;
  if (state.events.has('factoryError')) state.events.emit('factoryError', { key, error });
}

/** The stale value L1 holds for `key` (with the time L1 still keeps it), if any. */
export function gracedInL1(
  state: CacheState,
  key: string,
): { entry: L1Entry; graced: GracedValue } | undefined {
  const held = state.l1.getWithTtl(key);
  if (held === undefined || !(held.value instanceof L1Entry)) return undefined;
  const entry = held.value;
  return { entry, graced: { value: entry.value, meta: entry.meta, leftMs: held.ttlMs } };
}

/** The later written of two graced values. */
export function newerGraced(
  a: GracedValue | undefined,
  b: GracedValue | undefined,
): GracedValue | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.meta.writtenAt >= b.meta.writtenAt ? a : b;
}

/** Serves `graced` without computing for `backoffMs` (the computation failed). */
export function backOff(
  state: CacheState,
  key: string,
  graced: GracedValue,
  backoffMs: number,
): void {
  const now = Date.now();
  try {
    const held = state.l1.getWithTtl(key);
    if (held !== undefined) {
      const entry = held.value;
      // A fresh value arrived meanwhile: nothing to back off from.
      if (!(entry instanceof L1Entry) || entry.freshUntil > now) return;
      if (entry.meta.writtenAt >= graced.meta.writtenAt && held.ttlMs >= backoffMs) {
        entry.retryAt = now + backoffMs;
        return;
      }
    }
    const entry = new L1Entry(graced.value, 0, graced.meta);
    entry.retryAt = now + backoffMs;
    state.l1.set(key, entry, Math.ceil(Math.max(graced.leftMs, backoffMs)));
  } catch (error) {
    state.emitError(state.l1.name, 'set', key, error);
  }
}
