import type { TtlOption } from '@multi-tier-cache/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { getOrComputeTyped } from './get-or-compute-typed.js';
import { getTyped } from './get-typed.js';
import { setTyped } from './set-typed.js';
import type { InvalidatingCache, Output } from './typed-cache.js';

/**
 * What {@link defineEntry} takes.
 *
 * @example
 * ```ts
 * const definition: EntryDefinition<number, typeof User> = {
 *   key: (id) => `user:${id}`,
 *   schema: User,
 *   strategy: CacheStrategy.MediumTerm,
 * };
 * ```
 */
export interface EntryDefinition<Id, S extends StandardSchemaV1> {
  /** Builds the cache key from the entry's id; its parameter type is the id type of every method. */
  readonly key: (id: Id) => string;
  /** Standard Schema (zod 4, valibot, arktype, ...) every value read from the cache must pass. */
  readonly schema: S;
  /** TTL of `set` and `getOrCompute`: a strategy or `{ ttl }`. @default the cache's defaultTtl */
  readonly strategy?: TtlOption;
}

/**
 * Options of {@link BoundEntry.getOrCompute}.
 *
 * @example
 * ```ts
 * await users.getOrCompute(1, loadUser, { signal: request.signal });
 * ```
 */
export interface EntryComputeOptions {
  /** Stops this caller waiting; the computation goes on for the others. */
  readonly signal?: AbortSignal;
}

/**
 * A typed entry bound to a cache: every method takes the entry's id, and values have the schema's
 * output type.
 *
 * @example
 * ```ts
 * const users = UserEntry.bind(cache);
 * const user = await users.getOrCompute(1, (id) => db.user(id));
 * await users.invalidate(1);
 * ```
 */
export interface BoundEntry<Id, Out> {
  /** The cache key of `id`. */
  key(id: Id): string;
  /** The cached value, or `undefined` when absent or failing the schema. */
  get(id: Id): Promise<Out | undefined>;
  /** The cached value, or `compute(id)` stored with the entry's strategy. */
  getOrCompute(
    id: Id,
    compute: (id: Id) => Out | Promise<Out>,
    options?: EntryComputeOptions,
  ): Promise<Out>;
  /** Writes `value` to every tier with the entry's strategy. */
  set(id: Id, value: Out): Promise<void>;
  /** Removes the value from every tier and every instance's L1. */
  invalidate(id: Id): Promise<void>;
}

/**
 * A typed cache entry: a key builder, a schema and a strategy, defined once (at module level,
 * before any cache exists) and bound to a cache with `bind`.
 *
 * @example
 * ```ts
 * export const UserEntry = defineEntry({ key: (id: number) => `user:${id}`, schema: User });
 * const users = UserEntry.bind(cache);
 * ```
 */
export interface Entry<Id, S extends StandardSchemaV1> {
  readonly key: (id: Id) => string;
  readonly schema: S;
  readonly strategy: TtlOption | undefined;
  /** The entry's operations on `cache`. */
  bind(cache: InvalidatingCache): BoundEntry<Id, Output<S>>;
}

/**
 * Defines a typed cache entry. A wrong id type or value type does not compile.
 *
 * @example
 * ```ts
 * const UserEntry = defineEntry({
 *   key: (id: number) => `user:${id}`,
 *   schema: z.object({ id: z.number(), name: z.string() }),
 *   strategy: CacheStrategy.MediumTerm,
 * });
 * const users = UserEntry.bind(cache);
 * const ada = await users.getOrCompute(1, (id) => db.user(id)); // { id: number; name: string }
 * ```
 */
export function defineEntry<Id, S extends StandardSchemaV1>(
  definition: EntryDefinition<Id, S>,
): Entry<Id, S> {
  const { key, schema, strategy } = definition;
  return {
    key,
    schema,
    strategy,
    bind(cache) {
      return bindEntry(cache, key, schema, strategy);
    },
  };
}

function bindEntry<Id, S extends StandardSchemaV1>(
  cache: InvalidatingCache,
  key: (id: Id) => string,
  schema: S,
  strategy: TtlOption | undefined,
): BoundEntry<Id, Output<S>> {
  return {
    key,
    get: function getEntry(id) {
      return getTyped(cache, key(id), schema);
    },
    getOrCompute: function getOrComputeEntry(id, compute, options) {
      const computeOptions =
        options?.signal === undefined
          ? strategy
          : { ...toComputeOptions(strategy), signal: options.signal };
      return getOrComputeTyped(cache, key(id), schema, () => compute(id), computeOptions);
    },
    set: function setEntry(id, value) {
      return setTyped(cache, key(id), schema, value, strategy);
    },
    invalidate: async function invalidateEntry(id) {
      await cache.delete(key(id));
    },
  };
}

function toComputeOptions(strategy: TtlOption | undefined) {
  if (strategy === undefined) return {};
  return 'ttlMs' in strategy ? { strategy } : { ttl: strategy.ttl };
}
