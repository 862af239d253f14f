/**
 * The fencing capability of a shared tier (`capabilities.conditionalWrite`): writes of computed
 * values that never land over anything newer than the computation, across instances.
 *
 * - `setIfNotNewer` writes `value` only when the key holds nothing, or a value or tombstone
 *   written before `startedAt` (the moment the computation started, on the writer's clock), in
 *   one atomic step (Redis: one Lua script; memcached: `mg` then `ms` with CAS or add). Resolves
 *   to whether it wrote. Unframed bytes written by another program carry no moment and are
 *   overwritten.
 * - `deleteWithTombstone` replaces each key by a tombstone ({@link tombstoneFrame}) that lives
 *   `tombstoneTtlMs`, so a computation that started before the invalidation and finishes within
 *   that time cannot write its older value back. Resolves to how many keys held a value
 *   (tombstones do not count). Every read (`get`, `getMany`) treats a tombstone as a miss.
 *
 * Moments come from the writers' clocks: the cache passes `startedAt` minus its `clockSkew`
 * allowance, so writers whose clocks differ by less than that still order correctly.
 *
 * @example
 * ```ts
 * const startedAt = Date.now();
 * const bytes = encode(await db.load(key));
 * const written = await store.setIfNotNewer!(key, bytes, 60_000, startedAt);
 * ```
 */
export interface L2ConditionalWrite {
  setIfNotNewer(key: string, value: Uint8Array, ttlMs: number, startedAt: number): Promise<boolean>;
  deleteWithTombstone(keys: readonly string[], tombstoneTtlMs: number): Promise<number>;
}
