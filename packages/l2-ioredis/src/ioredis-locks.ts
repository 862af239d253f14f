import { type L2Locks, lockToken, storeTtlMs } from '@multi-tier-cache/core';
import type { Cluster, Redis } from 'ioredis';
import { lockKey } from './lock-key.js';

/** Takes the lease only when the key has no value and nobody holds the lease. */
const ACQUIRE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

/** Releases the lease only while the token holds it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Writes the value and releases the lease in one step, only while the token holds it. */
const SET_IF_HELD = `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('DEL', KEYS[2])
return 1`;

/**
 * The lock capability of {@link ioredisStore}: `SET lease token NX PX ttl` with a random token,
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
    async acquireLock(key, ttlMs) {
      const ms = storeTtlMs(ttlMs, key);
      const token = lockToken();
      const fullKey = prefix + key;
      const taken = await client
        .eval(ACQUIRE, 2, fullKey, lockKey(fullKey), token, ms)
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
