/**
 * The Lua scripts of the Redis stores' lock capability, shared by both clients. Keys and
 * arguments, in order:
 * - `LOCK_ACQUIRE`: KEYS value, lease; ARGV token, ttl ms. Takes the lease only when the key has
 *   no value (a tombstone left by an invalidation counts as none) and nobody holds the lease; 1
 *   when taken.
 * - `LOCK_ACQUIRE_REPLACING`: as `LOCK_ACQUIRE`, but takes the lease whatever the key holds (a
 *   stale value being recomputed): only the lease must be free.
 * - `LOCK_RELEASE`: KEYS lease; ARGV token. Releases only while the token holds it.
 * - `LOCK_SET_IF_HELD`: KEYS value, lease; ARGV token, bytes, ttl ms. Writes the value and releases
 *   the lease in one step, only while the token holds it (the fencing); 1 when written.
 *
 * @example
 * ```ts
 * await redis.eval(LOCK_ACQUIRE, 2, key, lockKey(key), token, ttlMs);
 * ```
 */
export const LOCK_ACQUIRE = `if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('STRLEN', KEYS[1]) ~= 21 or redis.call('GETRANGE', KEYS[1], 0, 4) ~= '\\0mtc\\2' then return 0 end
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

/** Takes the lease while the key holds a value; only the lease must be free (see {@link LOCK_ACQUIRE}). */
export const LOCK_ACQUIRE_REPLACING = `if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

/** Releases the lease only while the token holds it (see {@link LOCK_ACQUIRE}). */
export const LOCK_RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Writes the value and releases the lease, only while the token holds it (see {@link LOCK_ACQUIRE}). */
export const LOCK_SET_IF_HELD = `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('DEL', KEYS[2])
return 1`;

/**
 * The key of `fullKey`'s lease, in the same Cluster hash slot: a key without braces is wrapped
 * as a hash tag (`{mtc:user:1}:lock`), a key with a hash tag keeps it (`mtc:{user}:1:lock`). A
 * key with unmatched braces gets `:lock` appended, which on a Cluster may land in another slot:
 * its lease then fails (counted) and the cache computes without one.
 *
 * @example
 * ```ts
 * lockKey('mtc:user:1'); // '{mtc:user:1}:lock'
 * ```
 */
export function lockKey(fullKey: string): string {
  const open = fullKey.indexOf('{');
  const close = fullKey.indexOf('}');
  if (open === -1 && close === -1) return `{${fullKey}}:lock`;
  return `${fullKey}:lock`;
}
