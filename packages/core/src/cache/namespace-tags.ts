import type { CacheStrategyValue } from '../strategy.js';
import type { Ttl } from '../ttl.js';
import type { GetOrComputeOptions, SetOptions } from './cache-options.js';

/**
 * Where a namespace view puts the implicit tags of its namespace and its parents on the options
 * it passes to the cache: a symbol, so no user option can set it, and outside `tags`, whose
 * reserved names users may not use.
 */
export const IMPLICIT_TAGS: unique symbol = Symbol('implicit tags');

/** Options carrying a namespace's implicit tags. */
export type WithImplicitTags<O> = O & { readonly [IMPLICIT_TAGS]?: readonly string[] };

/**
 * `option` (a TTL, a strategy, or an options object) as an options object that also carries
 * `implicit`; `option` itself when there are none.
 */
export function withImplicitTags<O extends SetOptions | GetOrComputeOptions>(
  option: O | CacheStrategyValue | Ttl | undefined,
  implicit: readonly string[],
): O | CacheStrategyValue | Ttl | undefined {
  if (implicit.length === 0) return option;
  if (option === undefined) return { [IMPLICIT_TAGS]: implicit } as unknown as WithImplicitTags<O>;
  if (typeof option !== 'object' || option === null) {
    return { ttl: option, [IMPLICIT_TAGS]: implicit } as unknown as WithImplicitTags<O>;
  }
  if ('ttlMs' in option)
    return { strategy: option, [IMPLICIT_TAGS]: implicit } as unknown as WithImplicitTags<O>;
  return { ...option, [IMPLICIT_TAGS]: implicit };
}
