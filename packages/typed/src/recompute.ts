import {
  abortable,
  type ComputeContext,
  type GetOrComputeOptions,
  type TtlOption,
} from '@multi-tier-cache/core';
import type { SchemaMemo } from './schema-memo.js';
import type { TypedCache, TypedComputeOptions } from './typed-cache.js';
import type { TypedCounters } from './typed-stats.js';

interface Running {
  readonly memo: SchemaMemo<unknown>;
  readonly work: Promise<unknown>;
}

const running = new WeakMap<object, Map<string, Running>>();

/**
 * Replaces an invalid cached value: computes once per key however many callers found it invalid,
 * writes the result to every tier (overwriting the bad bytes, unless the key is invalidated
 * meanwhile) and hands it to all of them.
 */
export function recompute<Out>(
  cache: TypedCache,
  key: string,
  memo: SchemaMemo<Out>,
  compute: (context: ComputeContext) => Out | Promise<Out>,
  options: TypedComputeOptions | undefined,
  counters: TypedCounters,
): Promise<Out> {
  let byKey = running.get(cache);
  if (byKey === undefined) {
    byKey = new Map();
    running.set(cache, byKey);
  }
  const current = byKey.get(key);
  let work: Promise<Out>;
  if (current !== undefined && current.memo === memo) {
    work = current.work as Promise<Out>;
  } else {
    // A caller with another schema for the same key (two versions of a type in one process)
    // computes its own value rather than receiving one typed for the other schema.
    counters.recomputed++;
    const map = byKey;
    const entry: Running = {
      memo: memo as SchemaMemo<unknown>,
      work: computeAndStore(cache, key, memo, compute, options).finally(() => {
        if (map.get(key) === entry) map.delete(key);
      }),
    };
    map.set(key, entry);
    work = entry.work as Promise<Out>;
  }
  const signal = options !== undefined && 'signal' in options ? options.signal : undefined;
  return signal === undefined ? work : abortable(work, signal);
}

/**
 * Computes under the key's single flight with `forceFresh`, so the write is fenced like any
 * `getOrCompute`: an invalidation during the computation means nothing is written.
 */
async function computeAndStore<Out>(
  cache: TypedCache,
  key: string,
  memo: SchemaMemo<Out>,
  compute: (context: ComputeContext) => Out | Promise<Out>,
  options: TypedComputeOptions | undefined,
): Promise<Out> {
  let computed = false;
  const value = await cache.getOrCompute(
    key,
    async (context) => {
      const fresh = memo.trust(await compute(context));
      computed = true;
      return fresh;
    },
    freshOptions(options),
  );
  if (computed) return value;
  // A cache that ignores forceFresh handed back what it holds: compute and overwrite instead.
  const fresh = memo.trust(await compute({ key, setTags: () => {} }));
  await cache.set(key, fresh, ttlOf(options));
  return fresh;
}

/** `getOrCompute` options for the recompute: the caller's TTL, `forceFresh`, no signal. */
function freshOptions(options: TypedComputeOptions | undefined): GetOrComputeOptions {
  if (options === undefined) return { forceFresh: true };
  if ('ttlMs' in options) return { strategy: options, forceFresh: true };
  return {
    ...(options.ttl === undefined ? {} : { ttl: options.ttl }),
    ...(options.strategy === undefined ? {} : { strategy: options.strategy }),
    forceFresh: true,
  };
}

/** The TTL `cache.set` should use for what `getOrCompute` was asked. */
export function ttlOf(options: TypedComputeOptions | undefined): TtlOption | undefined {
  if (options === undefined) return undefined;
  if ('ttlMs' in options) return options;
  if (options.ttl !== undefined) return { ttl: options.ttl };
  return options.strategy;
}
