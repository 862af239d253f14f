import { CacheError } from '../errors.js';
import type { ComputeContext } from './cache-options.js';
import type { CacheState } from './cache-state.js';
import { completeInBackground, storeComputed } from './computed-value.js';
import { FactoryContext } from './factory-context.js';
import { awaitDeadline } from './factory-deadline.js';
import { countFactoryError, newerGraced, serveStale } from './fail-safe.js';
import type { GraceSettings } from './grace-settings.js';
import type { LockSettings } from './lock-settings.js';
import { awaitLease, releaseLease, replacingLease } from './locked-compute.js';
import type { GracedValue, PendingWork } from './pending-work.js';
import { readTiers } from './read-path.js';

/** What one `getOrCompute` lookup works with, past its argument checks. */
export interface ComputeJob<T> {
  readonly key: string;
  readonly compute: (context: ComputeContext) => T | Promise<T>;
  readonly ttlMs: number;
  readonly forceFresh: boolean;
  readonly settings: GraceSettings;
  readonly lock: LockSettings | undefined;
  /** The stale value L1 holds for the key, if any. */
  readonly graced: GracedValue | undefined;
  /** Tags of the computed value, from the options (the computation may add more). */
  readonly tags: readonly string[] | undefined;
}

/**
 * The work behind one `getOrCompute` key: the shared tiers first (unless `forceFresh`), then the
 * computation. Its value goes to L1 at once and to the shared tiers behind the caller's back
 * (write-behind), so a slow tier costs the caller at most the read's deadline, never a second
 * one; nothing is written when the key was invalidated meanwhile or the cache closed.
 *
 * With a stale value at hand (grace), a computation that throws gives the callers the stale
 * value (fail-safe), and one slower than the soft timeout (or the hard one) gives it to them
 * while it goes on in the background. Without one, the hard timeout rejects the callers with
 * `CacheError('timeout')` and the computation still completes and is stored (unless
 * `timeouts.background` is false). The key stays registered until the computation settles, so
 * callers arriving meanwhile join it instead of starting another.
 */
export async function lookupOrCompute<T>(
  state: CacheState,
  job: ComputeJob<T>,
  work: PendingWork<unknown>,
): Promise<T> {
  const { key, settings } = job;
  let counted = false;
  let lease: string | undefined;
  let handedOff = false;
  try {
    if (!job.forceFresh && state.tiers.length > 0) {
      let found: unknown;
      try {
        found = await readTiers(state, key, work, undefined, false);
      } catch (error) {
        // Strict mode rejects a failed tier read; a stale value at hand answers instead.
        if (job.graced === undefined) throw error;
        state.countMiss(key);
        counted = true;
        work.servedStale = true;
        return serveStale(state, key, job.graced, 'error', error, 0) as T;
      }
      if (found !== undefined) return found as T;
      if (job.lock !== undefined) {
        const stale = newerGraced(work.graced, job.graced);
        if (stale === undefined) {
          const waited = await awaitLease(state, key, work, job.lock);
          if (waited.found !== undefined) return waited.found as T;
          lease = waited.token;
        } else {
          // A stale entry refuses every plain lease (the key holds a value): a replacing lease
          // lets one instance recompute while every other caller answers with the stale value.
          const taken = await replacingLease(state, key, job.lock);
          if (taken.heldElsewhere === true) {
            state.countMiss(key);
            counted = true;
            work.servedStale = true;
            return serveStale(state, key, stale, 'lock', undefined, 0) as T;
          }
          lease = taken.token;
        }
      }
    }
    const graced = newerGraced(work.graced, job.graced);
    state.countMiss(key);
    counted = true;
    state.counters.computations++;
    state.counters.inFlight++;
    const controller = new AbortController();
    const context = new FactoryContext(
      key,
      graced?.value,
      controller.signal,
      job.ttlMs,
      settings.graceMs,
      job.tags,
    );
    const computation = runCompute(job.compute, context);
    computation.then(
      () => state.counters.inFlight--,
      () => state.counters.inFlight--,
    );
    const deadline = graced === undefined ? settings.hardMs : (settings.softMs ?? settings.hardMs);
    const outcome = await awaitDeadline(computation, deadline);
    if (outcome.kind === 'value') {
      const held = lease;
      lease = undefined;
      storeComputed(state, key, outcome.value, context, work, held, false);
      return outcome.value;
    }
    if (outcome.kind === 'error') {
      countFactoryError(state, key, outcome.error);
      if (graced === undefined) throw outcome.error;
      work.servedStale = true;
      return serveStale(state, key, graced, 'error', outcome.error, settings.graceBackoffMs) as T;
    }
    handedOff = true;
    const held = lease;
    lease = undefined;
    completeInBackground(
      state,
      key,
      computation,
      context,
      controller,
      work,
      held,
      settings,
      graced,
    );
    if (graced !== undefined) {
      work.servedStale = true;
      return serveStale(state, key, graced, 'timeout', undefined, settings.graceBackoffMs) as T;
    }
    const timeout = new CacheError(
      'timeout',
      `computing ${JSON.stringify(key)} took longer than its hard timeout of ${settings.hardMs} ms: ${
        settings.background
          ? 'it goes on and will be cached; retry shortly'
          : 'raise timeouts.hard or speed it up'
      }`,
    );
    countFactoryError(state, key, timeout);
    throw timeout;
  } catch (error) {
    if (!counted && work.hitTier === undefined) state.countMiss(key);
    throw error;
  } finally {
    if (lease !== undefined) releaseLease(state, key, lease);
    if (!handedOff) state.computations.finish(key, work);
  }
}

/** Calls the computation so that a synchronous throw becomes a rejection. */
async function runCompute<T>(
  compute: (context: ComputeContext) => T | Promise<T>,
  context: FactoryContext,
): Promise<T> {
  return compute(context);
}
