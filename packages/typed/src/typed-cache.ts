import type {
  CacheStrategyValue,
  ComputeContext,
  GetOrComputeOptions,
  SetOptions,
  TtlOption,
} from '@multi-tier-cache/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';

/**
 * The part of a cache the typed helpers use. `MultiTierCache` from `@multi-tier-cache/core` has
 * it, and so does any other object with these three methods (a wrapper, a test double).
 *
 * @example
 * ```ts
 * const cache: TypedCache = createCache({ l2: [memoryL2Store()] });
 * ```
 */
export interface TypedCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttl?: TtlOption | SetOptions): Promise<void>;
  getOrCompute<T>(
    key: string,
    compute: (context: ComputeContext) => T | Promise<T>,
    options?: GetOrComputeOptions | CacheStrategyValue,
  ): Promise<T>;
  /** L1's value, synchronously (core's MultiTierCache has it): lets an L1 hit skip a promise. */
  peekL1?(key: string): unknown;
  /** Swaps L1's value for its decoded form, keeping the TTL (core's MultiTierCache has it). */
  replaceInL1?(key: string, expected: unknown, next: unknown): boolean;
}

/**
 * A {@link TypedCache} that can also delete, which typed entries need for `invalidate`.
 *
 * @example
 * ```ts
 * const users = userEntry.bind(cache satisfies InvalidatingCache);
 * ```
 */
export interface InvalidatingCache extends TypedCache {
  delete(key: string): Promise<unknown>;
}

/**
 * What the schema produces: the type the typed helpers return.
 *
 * @example
 * ```ts
 * type User = Output<typeof userSchema>;
 * ```
 */
export type Output<S extends StandardSchemaV1> = StandardSchemaV1.InferOutput<S>;

/**
 * Options of `getOrComputeTyped`: core's `getOrCompute` options (TTL, strategy, signal), or a
 * strategy alone.
 *
 * @example
 * ```ts
 * await getOrComputeTyped(cache, 'user:1', User, load, { ttl: '10m' });
 * await getOrComputeTyped(cache, 'user:1', User, load, CacheStrategy.MediumTerm);
 * ```
 */
export type TypedComputeOptions = GetOrComputeOptions | CacheStrategyValue;
