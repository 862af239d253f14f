/** A shared-tier write that failed, kept until the tier answers again. */
export type PendingWrite =
  | {
      readonly kind: 'set';
      readonly bytes: Uint8Array;
      readonly ttlMs: number;
      readonly at: number;
    }
  | { readonly kind: 'delete' };

/** What a tier must do to catch up once it answers: clear its prefix, or replay these writes. */
export interface RecoveryPlan {
  readonly clear: boolean;
  readonly writes: readonly (readonly [string, PendingWrite])[];
}

/**
 * The writes one shared tier missed while it was failing (fail-open `set`, `delete`,
 * `invalidate`, `updateCache`), newest per key, until the tier answers again and they are
 * replayed. Bounded: past `maxKeys` distinct keys (and after a failed pattern deletion or clear,
 * which name no keys) the queue gives up on single keys and asks for a clear of the store's
 * prefix instead. While anything is pending, the keys it names (every key, once a clear is due)
 * read as a miss from this tier, so the tier never serves what it should have lost.
 *
 * @example
 * ```ts
 * const recovery = new WriteRecovery(10_000);
 * recovery.delete(['user:1']);
 * const plan = recovery.take(); // { clear: false, writes: [['user:1', { kind: 'delete' }]] }
 * ```
 */
export class WriteRecovery {
  readonly #maxKeys: number;
  #pending = new Map<string, PendingWrite>();
  #clear = false;

  constructor(maxKeys: number) {
    this.#maxKeys = maxKeys;
  }

  /** Whether anything waits to be replayed (one field read: checked on every read). */
  get pending(): boolean {
    return this.#clear || this.#pending.size !== 0;
  }

  /** Whether reads of `key` must miss this tier until the replay is done. */
  blocks(key: string): boolean {
    return this.#clear || this.#pending.has(key);
  }

  /** Records a write that failed (the newest write of a key replaces older ones). */
  set(key: string, bytes: Uint8Array, ttlMs: number, at: number): void {
    this.#record(key, { kind: 'set', bytes, ttlMs, at });
  }

  /** Records deletes that failed. */
  delete(keys: readonly string[]): void {
    for (const key of keys) this.#record(key, { kind: 'delete' });
  }

  /** Records a failure no key list describes (a pattern deletion, a clear): a clear is due. */
  clearDue(): void {
    this.#clear = true;
    this.#pending.clear();
  }

  /** A later write of `key` succeeded: what was pending for it is moot. */
  settled(key: string): void {
    if (this.#pending.size !== 0) this.#pending.delete(key);
  }

  /** Hands over everything pending and empties the queue (a failed replay records again). */
  take(): RecoveryPlan {
    const plan = { clear: this.#clear, writes: [...this.#pending] };
    this.#clear = false;
    this.#pending = new Map();
    return plan;
  }

  /** Puts back a write whose replay failed, unless a newer one was recorded meanwhile. */
  restore(key: string, write: PendingWrite): void {
    if (!this.#pending.has(key)) this.#record(key, write);
  }

  #record(key: string, write: PendingWrite): void {
    if (this.#clear) return;
    if (!this.#pending.has(key) && this.#pending.size >= this.#maxKeys) {
      this.clearDue();
      return;
    }
    this.#pending.delete(key);
    this.#pending.set(key, write);
  }
}
