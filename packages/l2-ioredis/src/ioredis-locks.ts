import { type L2Locks, lockToken, storeTtlMs } from '@multi-tier-cache/core';
import {
  LOCK_ACQUIRE as ACQUIRE,
  LOCK_ACQUIRE_REPLACING as ACQUIRE_REPLACING,
  lockKey,
  LOCK_RELEASE as RELEASE,
  LOCK_SET_IF_HELD as SET_IF_HELD,
} from '@multi-tier-cache/redis-common';
import type { Cluster, Redis } from 'ioredis';

/**
 * The lock capability of {@link ioredisStore}: `SET lease token NX PX ttl` with a random token (`{ replacing: true }` takes it while the key holds a value),
 * the release and the fenced value write checked against the token in one Lua call, the lease
 * key in the value's hash slot. `encode` frames the value exactly as the store's `set` does.
 *
 * @example
 * ```ts
 * const locks = ioredisLocks(client, 'mtc:', encode, fail);
 * ```
 */
export function ioredisLocks(
  client: Redis | Cluster,
  prefix: string,
  encode: (value: Uint8Array, ttlMs: number) => Buffer,
  fail: (error: unknown) => never,
): L2Locks {
  return {
    async acquireLock(key, ttlMs, options) {
      const ms = storeTtlMs(ttlMs, key);
      const token = lockToken();
      const fullKey = prefix + key;
      const taken = await client
        .eval(
          options?.replacing === true ? ACQUIRE_REPLACING : ACQUIRE,
          2,
          fullKey,
          lockKey(fullKey),
          token,
          ms,
        )
        .then(undefined, fail);
      return taken === 1 ? token : undefined;
    },
    async releaseLock(key, token) {
      const fullKey = prefix + key;
      const released = await client.eval(RELEASE, 1, lockKey(fullKey), token).then(undefined, fail);
      return released === 1;
    },
    async setIfLockHeld(key, token, value, ttlMs) {
      const ms = storeTtlMs(ttlMs, key);
      const fullKey = prefix + key;
      const written = await client
        .eval(SET_IF_HELD, 2, fullKey, lockKey(fullKey), token, encode(value, ms), ms)
        .then(undefined, fail);
      return written === 1;
    },
  };
}
