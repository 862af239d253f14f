import type { SetOptions, TtlOption } from '@multi-tier-cache/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { memoFor } from './schema-memo.js';
import type { Output, TypedCache } from './typed-cache.js';

/**
 * `cache.set` that only compiles with a value of the schema's output type. The value is not run
 * through the schema (it is typed already, and a transforming schema's output need not be a valid
 * input); it is remembered as valid, so reading it back from L1 costs no validation.
 *
 * @example
 * ```ts
 * await setTyped(cache, 'user:1', User, { id: 1, name: 'Ada', joined: new Date() }, { ttl: '1h' });
 * ```
 */
export function setTyped<S extends StandardSchemaV1>(
  cache: TypedCache,
  key: string,
  schema: S,
  value: Output<S>,
  ttl?: TtlOption | SetOptions,
): Promise<void> {
  return cache.set(key, memoFor<Output<S>>(schema).trust(value), ttl);
}
