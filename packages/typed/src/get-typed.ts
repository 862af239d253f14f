import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type Checked, INVALID, memoFor, type SchemaMemo } from './schema-memo.js';
import type { Output, TypedCache } from './typed-cache.js';
import { countersOf, type TypedCounters } from './typed-stats.js';

/**
 * `cache.get` checked against a Standard Schema: the schema's output, or `undefined` when the key
 * is absent or its value fails the schema (counted in {@link typedStats}, left in place for a
 * writer to replace).
 *
 * @example
 * ```ts
 * const Session = v.object({ userId: v.number(), expires: v.pipe(v.string(), v.isoTimestamp()) });
 * const session = await getTyped(cache, `session:${id}`, Session);
 * if (session === undefined) return redirectToLogin();
 * ```
 */
export function getTyped<S extends StandardSchemaV1>(
  cache: TypedCache,
  key: string,
  schema: S,
): Promise<Output<S> | undefined> {
  const memo = memoFor<Output<S>>(schema);
  const hot = cache.peekL1?.(key);
  if (hot !== undefined) return Promise.resolve(typedValue(cache, key, memo, hot));
  return cache
    .get(key)
    .then((raw) => (raw === undefined ? undefined : typedValue(cache, key, memo, raw)));
}

/** The schema's output for `raw`, validating it only when the memo does not know it yet. */
function typedValue<Out>(
  cache: TypedCache,
  key: string,
  memo: SchemaMemo<Out>,
  raw: unknown,
): Out | undefined | Promise<Out | undefined> {
  const known = memo.known(raw);
  if (known !== undefined && known !== INVALID) return known;
  const counters = countersOf(cache);
  const checked = known ?? memo.check(raw, key, counters);
  const settle = (result: Checked<Out>) => missIfInvalid(cache, key, raw, result, counters);
  return checked instanceof Promise ? checked.then(settle) : settle(checked);
}

function missIfInvalid<Out>(
  cache: TypedCache,
  key: string,
  raw: unknown,
  checked: Checked<Out>,
  counters: TypedCounters,
): Out | undefined {
  if (checked !== INVALID) {
    if (checked !== raw) cache.replaceInL1?.(key, raw, checked);
    return checked;
  }
  counters.invalid++;
  return undefined;
}
