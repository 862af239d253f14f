/**
 * The lock capability of a shared tier (`capabilities.locks`): a short lease per key that lets
 * one instance compute a missing value while the others wait for it, with fencing so that a
 * holder whose lease expired cannot write over what came after it.
 *
 * - `acquireLock` takes the lease only when nobody holds it and the key has no value (Redis:
 *   `EXISTS key` then `SET lock token NX PX ttl`, in one script) and resolves to a fresh random
 *   token, or to `undefined` (then wait for the value): so a caller whose miss raced with the
 *   holder's write never computes a second time.
 * - `acquireLock(key, ttlMs, { replacing: true })` (only on a store declaring
 *   `capabilities.replacingLocks`) takes the lease even though the key holds a value: only the
 *   lease must be free. The cache uses it for a stale (graced) entry, so one instance recomputes
 *   it while every other caller answers with the stale value. A store without the flag may ignore
 *   the option; the cache then never passes it and recomputes a stale entry without a lease.
 * - `setIfLockHeld` writes the value and releases the lease in ONE atomic step, only while
 *   `token` still holds it; resolves to whether it wrote. A lease that expired (or was taken
 *   over) writes nothing.
 * - `releaseLock` releases the lease only while `token` holds it (never someone else's).
 *
 * A lease expires by itself after `ttlMs`, so a holder that dies frees the key. Keys are the
 * cache's keys; the store derives the lease's own key (on a Redis Cluster, in the same slot).
 *
 * @example
 * ```ts
 * const token = await store.acquireLock!('report', 5_000);
 * if (token !== undefined) await store.setIfLockHeld!('report', token, bytes, 60_000);
 *
 * // 'report' holds a stale value: one instance gets the lease and recomputes it.
 * if (store.capabilities.replacingLocks) {
 *   const lease = await store.acquireLock!('report', 5_000, { replacing: true });
 *   if (lease !== undefined) await store.setIfLockHeld!('report', lease, bytes, 60_000);
 * }
 * ```
 */
export interface L2Locks {
  acquireLock(
    key: string,
    ttlMs: number,
    options?: AcquireLockOptions,
  ): Promise<string | undefined>;
  releaseLock(key: string, token: string): Promise<boolean>;
  setIfLockHeld(key: string, token: string, value: Uint8Array, ttlMs: number): Promise<boolean>;
}

/**
 * Options of {@link L2Locks.acquireLock}.
 *
 * @example
 * ```ts
 * const options: AcquireLockOptions = { replacing: true };
 * ```
 */
export interface AcquireLockOptions {
  /**
   * Take the lease even though the key holds a value (only the lease must be free). Honoured
   * only by a store declaring `capabilities.replacingLocks`. @default false
   */
  readonly replacing?: boolean;
}

/** A random lease token (122 bits), distinct per acquisition. */
export function lockToken(): string {
  return crypto.randomUUID();
}
