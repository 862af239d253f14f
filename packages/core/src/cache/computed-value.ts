import type { CacheState } from './cache-state.js';
import { publish } from './coherence.js';
import type { FactoryContext } from './factory-context.js';
import { backOff, countFactoryError } from './fail-safe.js';
import type { GraceSettings } from './grace-settings.js';
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
    const meta = context.meta();
    if (lease !== undefined) {
      writeBehindLeased(state, key, value, context.ttlMs, lease, meta);
      lease = undefined;
      return;
    }
    const bytes = writeBehind(state, key, value, context.ttlMs, meta, context.startedAt);
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
 * Its signal is aborted when the key is invalidated meanwhile. The key's work stays registered
 * until it settles, so later callers join it. With `background: false` its signal is aborted at
 * once, nothing is stored and the key is released for the next caller.
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
  if (!settings.background) {
    // Nobody needs the result: the next caller starts afresh instead of joining an aborted run.
    controller.abort();
    state.computations.finish(key, work);
    if (lease !== undefined) releaseLease(state, key, lease);
    computation.then(undefined, () => {});
    return;
  }
  // Callers arriving from now on wait for the computation itself, not for the timed-out answer.
  if (graced === undefined) work.promise = computation;
  if (work.stale) controller.abort();
  else work.onStale = () => controller.abort();
  computation.then(
    (value) => {
      work.onStale = undefined;
      state.computations.finish(key, work);
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
