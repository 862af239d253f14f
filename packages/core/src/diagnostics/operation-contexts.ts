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
 * Context of `multi-tier-cache:clear`.
 *
 * @example
 * ```ts
 * diagnosticsChannels.clear.subscribe({ start: () => log('clear') });
 * ```
 */
export interface ClearContext extends TracedFields {
  readonly operation: 'clear';
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
  clear: (): ClearContext => ({ operation: 'clear' }),
} as const;
