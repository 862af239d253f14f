import type { ComputeContext } from '@multi-tier-cache/core';
import { INVALID, type SchemaMemo } from './schema-memo.js';
import type { TypedCounters } from './typed-stats.js';

/**
 * The computation's context with `stale` checked against the schema like any cached value: the
 * validated value, or `undefined` when it fails the schema (or needs an asynchronous check), so
 * a computation never sees a stale value of the wrong shape.
 */
export function typedContext<Out>(
  context: ComputeContext,
  memo: SchemaMemo<Out>,
  counters: TypedCounters,
): ComputeContext {
  const raw = context.stale;
  if (raw === undefined) return context;
  const checked = memo.known(raw) ?? memo.check(raw, context.key, counters);
  const stale = checked === INVALID || checked instanceof Promise ? undefined : checked;
  if (stale === raw) return context;
  return {
    key: context.key,
    stale,
    signal: context.signal,
    setTtl: (ttl) => context.setTtl(ttl),
    setGrace: (grace) => context.setGrace(grace),
    skip: () => context.skip(),
    setTags: (tags) => context.setTags(tags),
  };
}

/** A context for a computation run outside the cache (no stale value, nothing to adapt). */
export function detachedContext(key: string): ComputeContext {
  return {
    key,
    stale: undefined,
    signal: new AbortController().signal,
    setTtl: () => {},
    setGrace: () => {},
    skip: () => {},
    setTags: () => {},
  };
}
