import type { CacheState } from './cache-state.js';
import { publish } from './coherence.js';
import type { FactoryContext } from './factory-context.js';
import { backOff, countFactoryError } from './fail-safe.js';
import type { GraceSettings } from './grace-settings.js';
import { graceMeta } from './l1-write.js';
import { releaseLease, writeBehindLeased } from './locked-compute.js';
import type { GracedValue, PendingWork } from './pending-work.js';
import { assertCacheable, writeBehind } from './write-path.js';

/**
 * Stores a computed value with the TTL and grace its context ended with (nothing when it called
 * `skip()` or its work went stale), under `lease` when one is held. With `broadcast`, the other
 * instances get the value too (background completions, which may replace values they serve).
 */
export function storeComputed(
  state: CacheState,
  key: string,
  value: unknown,
  context: FactoryContext,
  work: PendingWork<unknown>,
  lease: string | undefined,
  broadcast: boolean,
): void {
  try {
    if (context.skipped) return;
    assertCacheable(key, value);
    if (work.stale || state.closed) return;
    const meta = graceMeta(context.ttlMs, context.graceMs);
    if (lease !== undefined) {
      writeBehindLeased(state, key, value, context.ttlMs, lease, meta);
      lease = undefined;
      return;
    }
    const bytes = writeBehind(state, key, value, context.ttlMs, meta);
    if (broadcast && bytes !== undefined && state.bus !== undefined) {
      publish(state, { type: 'update', key, value: bytes, ttlMs: context.ttlMs }).then(
        undefined,
        () => {},
      );
    }
  } finally {
    if (lease !== undefined) releaseLease(state, key, lease);
  }
}

/**
 * A computation whose callers stopped waiting (soft or hard timeout): it goes on, then stores
 * its value and tells the other instances, unless the key was invalidated meanwhile (fencing).
 * With `background: false` its signal is aborted and nothing is stored. The key's work is
 * released only when it settles.
 */
export function completeInBackground(
  state: CacheState,
  key: string,
  computation: Promise<unknown>,
  context: FactoryContext,
  controller: AbortController,
  work: PendingWork<unknown>,
  lease: string | undefined,
  settings: GraceSettings,
  graced: GracedValue | undefined,
): void {
  const joinable = graced === undefined;
  // Callers arriving from now on wait for the computation itself, not for the timed-out answer.
  if (joinable) work.promise = computation;
  if (!settings.background || work.stale) controller.abort();
  else work.onStale = () => controller.abort();
  computation.then(
    (value) => {
      work.onStale = undefined;
      state.computations.finish(key, work);
      if (!settings.background) {
        if (lease !== undefined) releaseLease(state, key, lease);
        return;
      }
      state.counters.backgroundCompletions++;
      try {
        storeComputed(state, key, value, context, work, lease, true);
      } catch (error) {
        countFactoryError(state, key, error);
      }
    },
    (error: unknown) => {
      work.onStale = undefined;
      state.computations.finish(key, work);
      if (lease !== undefined) releaseLease(state, key, lease);
      countFactoryError(state, key, error);
      if (graced !== undefined && !work.stale) backOff(state, key, graced, settings.graceBackoffMs);
    },
  );
}
