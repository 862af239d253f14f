import { globToRegExp } from '../glob.js';
import type { EntryMeta } from './entry-envelope.js';

/** A value past its TTL but within its grace period, found while reading for a computation. */
export interface GracedValue {
  readonly value: unknown;
  readonly meta: EntryMeta;
  /** How long the tier (or L1) still keeps it, in milliseconds. */
  readonly leftMs: number;
}

/**
 * A read or computation under way for one key. `stale` turns true when the key is invalidated
 * while the work runs, so its result is handed to its callers but never written to a tier.
 */
export interface PendingWork<T> {
  promise: Promise<T>;
  stale: boolean;
  /** Index of the shared tier that answered, once one did; callers that joined count that hit. */
  hitTier?: number;
  /** A stale value within grace that a shared tier returned, for the computation's fail-safe. */
  graced?: GracedValue;
  /** True when the work answered its callers with a graced (stale) value. */
  servedStale?: boolean;
  /** Called when the work goes stale (invalidated, superseded or the cache closed). */
  onStale?: () => void;
}

/**
 * The work under way per key, for one kind of work (shared-tier reads, or computations). Lets
 * concurrent callers share one piece of work and lets invalidations mark it stale.
 *
 * @example
 * ```ts
 * const work = reads.get(key) ?? reads.start(key, (work) => readTiers(key, work));
 * ```
 */
export class PendingWorkMap<T> {
  readonly #byKey = new Map<string, PendingWork<T>>();

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): PendingWork<T> | undefined {
    return this.#byKey.get(key);
  }

  /**
   * Registers new work for `key` and starts it. `run` must call {@link finish} when the work
   * settles (cheaper on the hot path than chaining another promise here).
   */
  start(key: string, run: (work: PendingWork<T>) => Promise<T>): PendingWork<T> {
    const work = { stale: false } as PendingWork<T>;
    this.#byKey.set(key, work);
    work.promise = run(work);
    return work;
  }

  /**
   * Registers `work` that its owner runs and settles itself (a batch's keys, whose promise is
   * made only when a caller joins); the owner must call {@link finish} when it settles.
   */
  add(key: string, work: PendingWork<T>): void {
    this.#byKey.set(key, work);
  }

  /** Forgets `work` once it settled, unless newer work already replaced it. */
  finish(key: string, work: PendingWork<T>): void {
    if (this.#byKey.get(key) === work) this.#byKey.delete(key);
  }

  markStale(key: string): void {
    const work = this.#byKey.get(key);
    if (work !== undefined) this.#forget(key, work);
  }

  markStaleMatching(glob: string): void {
    if (this.#byKey.size === 0) return;
    const pattern = globToRegExp(glob);
    for (const [key, work] of this.#byKey) if (pattern.test(key)) this.#forget(key, work);
  }

  markAllStale(): void {
    for (const [key, work] of this.#byKey) this.#forget(key, work);
  }

  /** Marks the work stale and lets the next caller start fresh work instead of joining it. */
  #forget(key: string, work: PendingWork<T>): void {
    work.stale = true;
    this.#byKey.delete(key);
    work.onStale?.();
  }
}
