/**
 * The lock capability of a shared tier (`capabilities.locks`): a short lease per key that lets
 * one instance compute a missing value while the others wait for it, with fencing so that a
 * holder whose lease expired cannot write over what came after it.
 *
 * - `acquireLock` takes the lease only when nobody holds it and the key has no value (Redis:
 *   `EXISTS key` then `SET lock token NX PX ttl`, in one script) and resolves to a fresh random
 *   token, or to `undefined` (then wait for the value): so a caller whose miss raced with the
 *   holder's write never computes a second time.
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
 * ```
 */
export interface L2Locks {
  acquireLock(key: string, ttlMs: number): Promise<string | undefined>;
  releaseLock(key: string, token: string): Promise<boolean>;
  setIfLockHeld(key: string, token: string, value: Uint8Array, ttlMs: number): Promise<boolean>;
}

/** A random lease token (122 bits), distinct per acquisition. */
export function lockToken(): string {
  return crypto.randomUUID();
}
