/**
 * How a read was answered: a live value (`hit`), nothing (`miss`), or an expired value served
 * within its grace period (`stale`).
 *
 * @example
 * ```ts
 * const outcome: CacheOutcome = 'hit';
 * ```
 */
export type CacheOutcome = 'hit' | 'miss' | 'stale';

/**
 * Fields Node's `TracingChannel` writes into every context: `result` (what the operation
 * resolved to) and `error` (what it rejected with). The hit/miss answer is therefore `outcome`,
 * never `result`.
 *
 * @example
 * ```ts
 * diagnosticsChannels.set.subscribe({ error: (context) => log(context.key, context.error) });
 * ```
 */
export interface TracedFields {
  result?: unknown;
  error?: unknown;
}

/**
 * Context of `multi-tier-cache:get`. `tier` is the name of the tier that answered (L1's store
 * name, such as `'memory'` or `'lru'`, or a shared tier's), `undefined` on a miss.
 *
 * @example
 * ```ts
 * diagnosticsChannels.get.subscribe({ asyncEnd: (context) => log(context.key, context.outcome) });
 * ```
 */
export interface GetContext extends TracedFields {
  readonly operation: 'get';
  readonly key: string;
  tier: string | undefined;
  outcome: CacheOutcome | undefined;
}

/**
 * Context of `multi-tier-cache:getOrCompute`: as {@link GetContext}; a computed value is a
 * `miss` with `computed: true`.
 *
 * @example
 * ```ts
 * diagnosticsChannels.getOrCompute.subscribe({ asyncEnd: (context) => log(context.computed) });
 * ```
 */
export interface GetOrComputeContext extends TracedFields {
  readonly operation: 'getOrCompute';
  readonly key: string;
  tier: string | undefined;
  outcome: CacheOutcome | undefined;
  computed: boolean;
}

/**
 * Context of `multi-tier-cache:set`.
 *
 * @example
 * ```ts
 * diagnosticsChannels.set.subscribe({ start: (context) => log(context.key, context.ttlMs) });
 * ```
 */
export interface SetContext extends TracedFields {
  readonly operation: 'set';
  readonly key: string;
  ttlMs: number | undefined;
}

/**
 * Context of `multi-tier-cache:delete` (also `invalidate`).
 *
 * @example
 * ```ts
 * diagnosticsChannels.delete.subscribe({ start: (context) => log(context.keys.length) });
 * ```
 */
export interface DeleteContext extends TracedFields {
  readonly operation: 'delete';
  readonly keys: readonly string[];
}

/**
 * Context of `multi-tier-cache:invalidatePattern`.
 *
 * @example
 * ```ts
 * diagnosticsChannels.invalidatePattern.subscribe({ start: (context) => log(context.pattern) });
 * ```
 */
export interface InvalidatePatternContext extends TracedFields {
  readonly operation: 'invalidatePattern';
  readonly pattern: string;
}

/**
 * Context of `multi-tier-cache:clear`: the whole cache, or one namespace view's keys
 * (`namespace` is the view's name, such as `'users'` or `'users:admins'`).
 *
 * @example
 * ```ts
 * diagnosticsChannels.clear.subscribe({ start: (context) => log(context.namespace ?? 'all') });
 * ```
 */
export interface ClearContext extends TracedFields {
  readonly operation: 'clear';
  readonly namespace: string | undefined;
}

/**
 * Context of `multi-tier-cache:getMany`: `hits` is how many of `keys` had a value, set when the
 * call resolved.
 *
 * @example
 * ```ts
 * diagnosticsChannels.getMany.subscribe({ asyncEnd: (context) => log(context.hits, context.keys.length) });
 * ```
 */
export interface GetManyContext extends TracedFields {
  readonly operation: 'getMany';
  readonly keys: readonly string[];
  hits: number | undefined;
}

/**
 * Context of `multi-tier-cache:setMany`.
 *
 * @example
 * ```ts
 * diagnosticsChannels.setMany.subscribe({ start: (context) => log(context.keys.length) });
 * ```
 */
export interface SetManyContext extends TracedFields {
  readonly operation: 'setMany';
  readonly keys: readonly string[];
}

/**
 * Context of `multi-tier-cache:getOrComputeMany`.
 *
 * @example
 * ```ts
 * diagnosticsChannels.getOrComputeMany.subscribe({ start: (context) => log(context.keys.length) });
 * ```
 */
export interface GetOrComputeManyContext extends TracedFields {
  readonly operation: 'getOrComputeMany';
  readonly keys: readonly string[];
}

/**
 * Context of `multi-tier-cache:expire`.
 *
 * @example
 * ```ts
 * diagnosticsChannels.expire.subscribe({ start: (context) => log(context.keys) });
 * ```
 */
export interface ExpireContext extends TracedFields {
  readonly operation: 'expire';
  readonly keys: readonly string[];
}

/**
 * Context of `multi-tier-cache:deleteByTag`.
 *
 * @example
 * ```ts
 * diagnosticsChannels.deleteByTag.subscribe({ start: (context) => log(context.tags) });
 * ```
 */
export interface DeleteByTagContext extends TracedFields {
  readonly operation: 'deleteByTag';
  readonly tags: readonly string[];
}

/**
 * The context of each traced operation, by operation name.
 *
 * @example
 * ```ts
 * type Context = OperationContexts['get']; // GetContext
 * ```
 */
export interface OperationContexts {
  get: GetContext;
  set: SetContext;
  getOrCompute: GetOrComputeContext;
  delete: DeleteContext;
  invalidatePattern: InvalidatePatternContext;
  clear: ClearContext;
  getMany: GetManyContext;
  setMany: SetManyContext;
  getOrComputeMany: GetOrComputeManyContext;
  expire: ExpireContext;
  deleteByTag: DeleteByTagContext;
}

/**
 * A traced operation's name.
 *
 * @example
 * ```ts
 * const operation: OperationName = 'getOrCompute';
 * ```
 */
export type OperationName = keyof OperationContexts;

/**
 * Builders of each operation's context, every field present from the start so all contexts of
 * one operation share a shape. Built only when someone subscribes (see `traceOperation`).
 *
 * @example
 * ```ts
 * traceOperation(diagnosticsChannels.get, operationContext.get, read, cache, 'user:1');
 * ```
 */
export const operationContext = {
  get: (key: string): GetContext => ({
    operation: 'get',
    key,
    tier: undefined,
    outcome: undefined,
  }),
  getOrCompute: (key: string): GetOrComputeContext => ({
    operation: 'getOrCompute',
    key,
    tier: undefined,
    outcome: undefined,
    computed: false,
  }),
  set: (key: string): SetContext => ({ operation: 'set', key, ttlMs: undefined }),
  delete: (keys: readonly string[]): DeleteContext => ({ operation: 'delete', keys }),
  invalidatePattern: (pattern: string): InvalidatePatternContext => ({
    operation: 'invalidatePattern',
    pattern,
  }),
  clear: (namespace: string | undefined): ClearContext => ({ operation: 'clear', namespace }),
  getMany: (keys: readonly string[]): GetManyContext => ({
    operation: 'getMany',
    keys: listOf(keys),
    hits: undefined,
  }),
  setMany: (entries: readonly { readonly key: string }[]): SetManyContext => ({
    operation: 'setMany',
    keys: Array.isArray(entries) ? entries.map(keyOfEntry) : [],
  }),
  getOrComputeMany: (keys: readonly string[]): GetOrComputeManyContext => ({
    operation: 'getOrComputeMany',
    keys: listOf(keys),
  }),
  expire: (keys: string | readonly string[]): ExpireContext => ({
    operation: 'expire',
    keys: listOf(keys),
  }),
  deleteByTag: (tags: string | readonly string[]): DeleteByTagContext => ({
    operation: 'deleteByTag',
    tags: listOf(tags),
  }),
} as const;

// The builders run before the operation checks its arguments, so they must not throw on bad ones:
// the operation itself rejects them.
function listOf(items: string | readonly string[]): readonly string[] {
  if (typeof items === 'string') return [items];
  return Array.isArray(items) ? items : [];
}

function keyOfEntry(entry: { readonly key: string } | null | undefined): string {
  return typeof entry === 'object' && entry !== null ? String(entry.key) : '';
}
