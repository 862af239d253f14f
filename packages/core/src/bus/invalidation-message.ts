/**
 * The position of a message in the global order of writes to its keys, set by the bus when the
 * operation is published (not when a queued message is finally sent). Receivers compare it with
 * what they hold for the key; core neither sets nor reads it.
 */
type Ordered = {
  /** Hybrid logical clock value: milliseconds since the epoch, with a logical fraction. */
  readonly version?: number;
};

/**
 * What one instance tells the others. Keys are cache keys (without any store prefix).
 *
 * @example
 * ```ts
 * const message: InvalidationMessage = { type: 'remove', keys: ['user:1'] };
 * ```
 */
export type InvalidationMessage = Ordered &
  (
    | { readonly type: 'remove'; readonly keys: readonly string[] }
    | {
        readonly type: 'update';
        readonly key: string;
        /** The value as the cache's serializer wrote it. */
        readonly value: Uint8Array;
        readonly ttlMs: number;
      }
    | { readonly type: 'pattern'; readonly pattern: string }
    | { readonly type: 'clear' }
  );

/** The operation names, for per-operation counters. */
export type InvalidationType = InvalidationMessage['type'];
