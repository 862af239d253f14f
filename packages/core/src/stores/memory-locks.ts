import { type L2Locks, lockToken } from './l2-locks.js';
import { storeTtlMs } from './store-ttl.js';

interface Lease {
  readonly token: string;
  readonly expiresAt: number;
}

/** Leases per backing map, so stores sharing one map (simulated instances) share its locks. */
const leasesByData = new WeakMap<object, Map<string, Lease>>();

/**
 * The lock capability over an in-memory "server" (`data`), for {@link memoryL2Store}: `write`
 * stores the value and `exists` tells whether the key holds one, under `prefix` like the store's
 * own keys.
 *
 * @example
 * ```ts
 * const locks = memoryLocks(data, 'mtc:', (key) => read(key) !== undefined, write);
 * ```
 */
export function memoryLocks(
  data: object,
  prefix: string,
  exists: (key: string) => boolean,
  write: (key: string, value: Uint8Array, ttlMs: number) => void,
): L2Locks {
  let leases = leasesByData.get(data);
  if (leases === undefined) {
    leases = new Map();
    leasesByData.set(data, leases);
  }
  const held = leases;

  function holder(key: string): Lease | undefined {
    const lease = held.get(prefix + key);
    if (lease !== undefined && lease.expiresAt <= Date.now()) {
      held.delete(prefix + key);
      return undefined;
    }
    return lease;
  }

  return {
    async acquireLock(key, ttlMs, options) {
      const ms = storeTtlMs(ttlMs, key);
      if (holder(key) !== undefined) return undefined;
      if (options?.replacing !== true && exists(key)) return undefined;
      const token = lockToken();
      held.set(prefix + key, { token, expiresAt: Date.now() + ms });
      return token;
    },
    async releaseLock(key, token) {
      if (holder(key)?.token !== token) return false;
      held.delete(prefix + key);
      return true;
    },
    async setIfLockHeld(key, token, value, ttlMs) {
      const ms = storeTtlMs(ttlMs, key);
      if (holder(key)?.token !== token) return false;
      write(key, value, ms);
      held.delete(prefix + key);
      return true;
    },
  };
}
