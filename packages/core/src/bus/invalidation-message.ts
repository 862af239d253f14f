/**
 * What one instance tells the others. Keys are cache keys (without any store prefix).
 *
 * @example
 * ```ts
 * const message: InvalidationMessage = { type: 'remove', keys: ['user:1'] };
 * ```
 */
export type InvalidationMessage =
  | { readonly type: 'remove'; readonly keys: readonly string[] }
  | {
      readonly type: 'update';
      readonly key: string;
      /** The value as the cache's serializer wrote it. */
      readonly value: Uint8Array;
      readonly ttlMs: number;
    }
  | { readonly type: 'pattern'; readonly pattern: string }
  /** Entries with a grace period turn stale (kept for their grace); others are removed. */
  | { readonly type: 'expire'; readonly keys: readonly string[] }
  | { readonly type: 'clear' };

/** The operation names, for per-operation counters. */
export type InvalidationType = InvalidationMessage['type'];
