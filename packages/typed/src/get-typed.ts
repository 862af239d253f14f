import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type Checked, INVALID, memoFor } from './schema-memo.js';
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
  return cache.get(key).then((raw) => {
    if (raw === undefined) return undefined;
    const known = memo.known(raw);
    if (known !== undefined && known !== INVALID) return known;
    const counters = countersOf(cache);
    const checked = known ?? memo.check(raw, key, counters);
    return checked instanceof Promise
      ? checked.then((result) => missIfInvalid(result, counters))
      : missIfInvalid(checked, counters);
  });
}

function missIfInvalid<Out>(checked: Checked<Out>, counters: TypedCounters): Out | undefined {
  if (checked !== INVALID) return checked;
  counters.invalid++;
  return undefined;
}
