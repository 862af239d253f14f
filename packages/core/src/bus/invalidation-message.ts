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
    /** Entries with a grace period turn stale (kept for their grace); others are removed. */
    | { readonly type: 'expire'; readonly keys: readonly string[] }
    | { readonly type: 'clear' }
    // Group invalidations (tags and namespaces).
    | {
        readonly type: 'tags';
        readonly tags: readonly string[];
        /** Entries carrying one of `tags` written at or before this time (ms since epoch) are gone. */
        readonly at: number;
        /**
         * `'expire'` (from `expireByTag`): such entries turn stale and are kept for their grace
         * instead of going; entries without grace still go. @default gone, as from `deleteByTag`
         */
        readonly mode?: 'expire';
      }
    | {
        readonly type: 'namespace';
        /** The namespace's key prefix, such as `users:admins:`. */
        readonly prefix: string;
        /** Entries of the namespace written at or before this time (ms since epoch) are gone. */
        readonly at: number;
      }
  );

/** The operation names, for per-operation counters. */
export type InvalidationType = InvalidationMessage['type'];
