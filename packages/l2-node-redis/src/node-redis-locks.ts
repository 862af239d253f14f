import { type L2Locks, lockToken, storeTtlMs } from '@multi-tier-cache/core';
import {
  LOCK_ACQUIRE as ACQUIRE,
  LOCK_ACQUIRE_REPLACING as ACQUIRE_REPLACING,
  lockKey,
  LOCK_RELEASE as RELEASE,
  LOCK_SET_IF_HELD as SET_IF_HELD,
} from '@multi-tier-cache/redis-common';
import type { Backend } from './backend.js';

/**
 * The lock capability of {@link nodeRedisStore}: `SET lease token NX PX ttl` with a random
 * token (`{ replacing: true }` takes it while the key holds a value), the release and the fenced value write checked against the token in one Lua call, sent
 * to the server of the value's key (the lease key shares its hash slot).
 *
 * @example
 * ```ts
 * const locks = nodeRedisLocks(backend, 'mtc:', encode, fail);
 * ```
 */
export function nodeRedisLocks(
  backend: Backend,
  prefix: string,
  encode: (value: Uint8Array, ttlMs: number) => Uint8Array,
  fail: (error: unknown) => never,
): L2Locks {
  return {
    async acquireLock(key, ttlMs, options) {
      const ms = String(storeTtlMs(ttlMs, key));
      const token = lockToken();
      const full = prefix + key;
      const taken = await backend
        .send(full, [
          'EVAL',
          options?.replacing === true ? ACQUIRE_REPLACING : ACQUIRE,
          '2',
          full,
          lockKey(full),
          token,
          ms,
        ])
        .then(undefined, fail);
      return taken === 1 ? token : undefined;
    },
    async releaseLock(key, token) {
      const full = prefix + key;
      const released = await backend
        .send(full, ['EVAL', RELEASE, '1', lockKey(full), token])
        .then(undefined, fail);
      return released === 1;
    },
    async setIfLockHeld(key, token, value, ttlMs) {
      const ms = storeTtlMs(ttlMs, key);
      const full = prefix + key;
      const bytes = encode(value, ms);
      const written = await backend
        .send(full, [
          'EVAL',
          SET_IF_HELD,
          '2',
          full,
          lockKey(full),
          token,
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          String(ms),
        ])
        .then(undefined, fail);
      return written === 1;
    },
  };
}
