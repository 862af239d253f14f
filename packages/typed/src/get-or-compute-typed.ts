import type { ComputeContext } from '@multi-tier-cache/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { recompute } from './recompute.js';
import { INVALID, memoFor, type SchemaMemo } from './schema-memo.js';
import type { Output, TypedCache, TypedComputeOptions } from './typed-cache.js';
import { typedContext } from './typed-context.js';
import { countersOf } from './typed-stats.js';

/**
 * `cache.getOrCompute` whose result is checked against a Standard Schema (zod 4, valibot,
 * arktype, ...). A cached value that fails the schema (corrupt, or written by an older version of
 * the type) is a miss: `compute` runs, its result overwrites the bad value in every tier, and the
 * failure is counted in {@link typedStats}. A bad value is never returned.
 *
 * A stale value served within its grace period (fail-safe, soft timeout) is checked the same
 * way, and one that fails the schema is never returned: the key is recomputed instead. The
 * computation's `ctx.stale` is the validated value, or `undefined` when it fails the schema.
 *
 * Validation runs once per value that comes in from a shared tier or the bus; later L1 hits on the
 * same value cost one WeakMap lookup. The schema must accept the serialized form of its own output
 * (`z.coerce.date()` does; see the README).
 *
 * @example
 * ```ts
 * const User = z.object({ id: z.number(), name: z.string(), joined: z.coerce.date() });
 * const user = await getOrComputeTyped(cache, 'user:1', User, () => db.user(1), { ttl: '10m' });
 * user.joined.getFullYear(); // a Date, also when the value came from Redis as JSON
 * ```
 */
export function getOrComputeTyped<S extends StandardSchemaV1>(
  cache: TypedCache,
  key: string,
  schema: S,
  compute: (context: ComputeContext) => Output<S> | Promise<Output<S>>,
  options?: TypedComputeOptions,
): Promise<Output<S>> {
  const memo = memoFor<Output<S>>(schema);
  const hot = cache.peekL1?.(key);
  if (hot !== undefined) {
    const known = memo.known(hot);
    if (known !== undefined && known !== INVALID) return Promise.resolve(known);
    return Promise.resolve(
      checkOrRecompute(
        cache,
        key,
        memo,
        compute,
        options,
        hot,
        known as typeof INVALID | undefined,
      ),
    );
  }
  return cache
    .getOrCompute(
      key,
      (context) => trustComputed(memo, compute(typedContext(context, memo, countersOf(cache)))),
      options,
    )
    .then((raw) => {
      const known = memo.known(raw);
      if (known === undefined || known === INVALID) {
        return checkOrRecompute(
          cache,
          key,
          memo,
          compute,
          options,
          raw,
          known as typeof INVALID | undefined,
        );
      }
      return known;
    });
}

function trustComputed<Out>(memo: SchemaMemo<Out>, value: Out | Promise<Out>): Out | Promise<Out> {
  return value instanceof Promise
    ? value.then((settled) => memo.trust(settled))
    : memo.trust(value as Out);
}

function checkOrRecompute<Out>(
  cache: TypedCache,
  key: string,
  memo: SchemaMemo<Out>,
  compute: (context: ComputeContext) => Out | Promise<Out>,
  options: TypedComputeOptions | undefined,
  raw: unknown,
  known: typeof INVALID | undefined,
): Out | Promise<Out> {
  const counters = countersOf(cache);
  const checked = known ?? memo.check(raw, key, counters);
  const settle = (result: Out | typeof INVALID): Out | Promise<Out> => {
    if (result !== INVALID) {
      // Keep the decoded form (Dates restored by the schema, say) in L1 for untyped readers too.
      if (result !== raw) cache.replaceInL1?.(key, raw, result);
      return result;
    }
    counters.invalid++;
    return recompute(cache, key, memo, compute, options, counters);
  };
  return checked instanceof Promise ? checked.then(settle) : settle(checked);
}
