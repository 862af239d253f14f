import type { StandardSchemaV1 } from '@standard-schema/spec';

/**
 * Counters of the typed helpers for one cache. Validation runs where values come in (from a shared
 * tier or the bus), once per value, not on every L1 hit.
 *
 * @example
 * ```ts
 * const { invalid, recomputed } = typedStats(cache);
 * ```
 */
export interface TypedStats {
  /** Schema runs (a value met for the first time). */
  readonly validations: number;
  /** Of those, runs whose `validate` returned a Promise. */
  readonly asyncValidations: number;
  /** Cached values that failed their schema and were treated as a miss. */
  readonly invalid: number;
  /** Computations run to replace an invalid cached value (by `getOrComputeTyped`). */
  readonly recomputed: number;
  /** The key and issues of the last invalid value, to see why values are refused. */
  readonly lastInvalid?: {
    readonly key: string;
    readonly issues: readonly StandardSchemaV1.Issue[];
  };
}

/** Mutable counters behind {@link TypedStats}. */
export class TypedCounters {
  validations = 0;
  asyncValidations = 0;
  invalid = 0;
  recomputed = 0;
  lastInvalid: TypedStats['lastInvalid'];

  snapshot(): TypedStats {
    return {
      validations: this.validations,
      asyncValidations: this.asyncValidations,
      invalid: this.invalid,
      recomputed: this.recomputed,
      ...(this.lastInvalid === undefined ? {} : { lastInvalid: this.lastInvalid }),
    };
  }
}

const countersByCache = new WeakMap<object, TypedCounters>();

/** The counters of `cache`, created on first use. */
export function countersOf(cache: object): TypedCounters {
  let counters = countersByCache.get(cache);
  if (counters === undefined) {
    counters = new TypedCounters();
    countersByCache.set(cache, counters);
  }
  return counters;
}

/**
 * A snapshot of the typed helpers' counters for `cache` (all zero before the first use).
 *
 * @example
 * ```ts
 * await getOrComputeTyped(cache, 'user:1', User, () => db.user(1));
 * if (typedStats(cache).invalid > 0) log.warn(typedStats(cache).lastInvalid);
 * ```
 */
export function typedStats(cache: object): TypedStats {
  return countersOf(cache).snapshot();
}
