import type { ComputeContext } from './cache-options.js';
import type { CacheState } from './cache-state.js';
import { completeInBackground } from './computed-value.js';
import { FactoryContext } from './factory-context.js';
import type { GraceSettings } from './grace-settings.js';
import { L1Entry } from './l1-entry.js';
import { readTiers } from './read-path.js';

/**
 * Refresh ahead: a `getOrCompute` hit past `refreshAhead` of its TTL returns the cached value at
 * once and starts one background refresh of its key, registered like any computation (so
 * concurrent callers, a second refresh and a miss all share it). The refresh first reads the
 * shared tiers, where another instance may already have put a fresher value (then promoted, and
 * nothing is computed); otherwise it computes, and the value is written to every tier and
 * published. An invalidation meanwhile means nothing is written.
 */
export function refreshIfDue(
  state: CacheState,
  key: string,
  held: unknown,
  compute: (context: ComputeContext) => unknown,
  ttlMs: number,
  settings: GraceSettings,
): void {
  if (state.closed || state.computations.get(key) !== undefined) return;
  if (!isDue(state, key, held, ttlMs, settings.refreshAhead)) return;
  const failures = failedRefreshes(state);
  const retryAt = failures.get(key);
  if (retryAt !== undefined) {
    if (retryAt > Date.now()) return;
    failures.delete(key);
  }
  state.counters.refreshesAhead++;
  state.counters.inFlight++;
  const controller = new AbortController();
  const stale = held instanceof L1Entry ? held.value : held;
  const context = new FactoryContext(key, stale, controller.signal, ttlMs, settings.graceMs);
  state.computations.start(key, (work) => {
    const computation = (async () => {
      // Another instance may have refreshed the key already: its value, promoted, will do.
      if (state.tiers.length > 0) {
        // Counted as a request (a hit, or a miss when it computes) so hits + misses = requests.
        state.counters.requests++;
        const found = await readTiers(state, key, work, undefined, true).catch(() => undefined);
        if (
          found !== undefined &&
          !isDue(state, key, state.l1.get(key), ttlMs, settings.refreshAhead)
        ) {
          context.skip();
          return found;
        }
      }
      state.counters.computations++;
      return compute(context);
    })();
    computation.then(
      () => state.counters.inFlight--,
      () => state.counters.inFlight--,
    );
    completeInBackground(
      state,
      key,
      computation,
      context,
      controller,
      work,
      undefined,
      { ...settings, background: true },
      undefined,
    );
    // A failed refresh waits graceBackoff before the next one; the cached value stays meanwhile.
    computation.then(undefined, () => failures.set(key, Date.now() + settings.graceBackoffMs));
    // Callers joining the refresh get its value; a failed refresh leaves them the cached one.
    return computation.then(undefined, () => stale);
  });
}

/** Keys whose last refresh failed, with when the next may start. */
const failedByCache = new WeakMap<CacheState, Map<string, number>>();

function failedRefreshes(state: CacheState): Map<string, number> {
  let failures = failedByCache.get(state);
  if (failures === undefined) {
    failures = new Map();
    failedByCache.set(state, failures);
  }
  return failures;
}

/** Whether the entry L1 holds has less than `1 - fraction` of its fresh time left. */
function isDue(
  state: CacheState,
  key: string,
  held: unknown,
  ttlMs: number,
  fraction: number,
): boolean {
  if (held instanceof L1Entry) {
    const freshMs = Math.min(held.meta.freshMs, state.l1MaxTtlMs);
    return held.freshUntil - Date.now() <= freshMs * (1 - fraction);
  }
  const entry = state.l1.getWithTtl(key);
  if (entry === undefined) return false;
  return entry.ttlMs <= Math.min(ttlMs, state.l1MaxTtlMs) * (1 - fraction);
}
