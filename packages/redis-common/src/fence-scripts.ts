import { createHash } from 'node:crypto';

/**
 * The Lua scripts of the Redis stores' `conditionalWrite` capability, shared by both clients.
 * Both read core's expiry frame in Lua (`\0mtc`, version byte 1 for a value and 2 for a
 * tombstone, then the absolute expiry and the TTL as big-endian doubles): a frame's written-at
 * moment is `expiresAt - ttlMs`, on the writer's clock.
 * - `FENCE_SET`: KEYS value and, optionally, the pattern fence (`patternFenceKey`); ARGV
 *   framed bytes, ttl ms, since (ms). Writes only when the key is absent, unframed, or holds a
 *   value or tombstone written before `since`, and no pattern deletion matching the key was
 *   recorded in the fence at or after `since`; 1 when written.
 * - `FENCE_DELETE`: KEYS value; ARGV tombstone bytes, ttl ms. Replaces the key by the tombstone;
 *   1 when it held a value (not a tombstone).
 *
 * @example
 * ```ts
 * await redis.evalsha(FENCE_SET_SHA, 1, key, frameWithExpiry(bytes, ttlMs), ttlMs, startedAt);
 * ```
 */
export const FENCE_SET = `if KEYS[2] then
  local since = tonumber(ARGV[3])
  local fence = redis.call('HGETALL', KEYS[2])
  for i = 1, #fence, 2 do
    if tonumber(fence[i + 1]) >= since and string.find(KEYS[1], fence[i]) then return 0 end
  end
end
local v = redis.call('GET', KEYS[1])
if v and #v >= 21 and string.byte(v, 1) == 0 and string.sub(v, 2, 4) == 'mtc' then
  local version = string.byte(v, 5)
  if version == 1 or version == 2 then
    local expires, ttl = struct.unpack('>dd', v, 6)
    if expires - ttl >= tonumber(ARGV[3]) then return 0 end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** Leaves a tombstone in place of the key (see {@link FENCE_SET}). */
export const FENCE_DELETE = `local v = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if not v then return 0 end
if #v == 21 and string.byte(v, 1) == 0 and string.sub(v, 2, 4) == 'mtc' and string.byte(v, 5) == 2 then return 0 end
return 1`;

/** SHA1 of {@link FENCE_SET}, for EVALSHA. */
export const FENCE_SET_SHA = sha1(FENCE_SET);

/** SHA1 of {@link FENCE_DELETE}, for EVALSHA. */
export const FENCE_DELETE_SHA = sha1(FENCE_DELETE);

/**
 * Whether `error` is Redis' answer to EVALSHA of a script it does not hold (after a restart or
 * SCRIPT FLUSH): the caller sends EVAL once, which caches the script again.
 *
 * @example
 * ```ts
 * client.evalsha(sha, 1, key).catch((error) => (isNoScript(error) ? client.eval(lua, 1, key) : Promise.reject(error)));
 * ```
 */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

function sha1(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}
