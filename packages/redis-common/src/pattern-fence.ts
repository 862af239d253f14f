import { createHash } from 'node:crypto';
import type { SendCommand } from './scan-and-unlink.js';

/**
 * How long a pattern deletion fences computations that started before it: its tombstones and
 * its entry in the pattern fence live this long (core's default `tombstoneTtl`).
 */
export const PATTERN_FENCE_MS = 10_000;

/**
 * Replaces one key matched by a pattern deletion. KEYS the key; ARGV tombstone bytes, ttl ms. A
 * framed value or tombstone (core's expiry frame) becomes a tombstone, so a computation that
 * started earlier cannot write it back; anything else (a lease, a plain value, another type) is
 * unlinked. 1 when the key held a value (a tombstone is not one), so counts stay those of UNLINK.
 */
export const FENCE_SCAN_DELETE = `local v = false
if redis.call('TYPE', KEYS[1])['ok'] == 'string' then v = redis.call('GET', KEYS[1]) end
if v and #v >= 21 and string.byte(v, 1) == 0 and string.sub(v, 2, 4) == 'mtc' then
  local version = string.byte(v, 5)
  if version == 1 or version == 2 then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    if version == 2 then return 0 end
    return 1
  end
end
return redis.call('UNLINK', KEYS[1])`;

/**
 * Records one pattern deletion in the pattern fence (a hash: Lua pattern of the full keys, then
 * the deletion's moment on the writer's clock). KEYS the fence; ARGV Lua pattern, moment (ms),
 * ttl ms. Entries older than the ttl are dropped; the newest moment per pattern wins.
 */
export const FENCE_PATTERN = `local at = tonumber(ARGV[2])
local oldest = at - tonumber(ARGV[3])
local fence = redis.call('HGETALL', KEYS[1])
for i = 1, #fence, 2 do
  if tonumber(fence[i + 1]) < oldest then redis.call('HDEL', KEYS[1], fence[i]) end
end
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held or tonumber(held) < at then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** SHA1 of {@link FENCE_SCAN_DELETE}. */
export const FENCE_SCAN_DELETE_SHA = sha1(FENCE_SCAN_DELETE);

/**
 * The key of the pattern fence of the keys under `prefix`. It starts with a NUL byte, so no
 * `SCAN prefix*` (clear, pattern deletion) ever matches it.
 *
 * @example
 * ```ts
 * patternFenceKey('mtc:'); // '\u0000mtc:pattern-fence:mtc:'
 * ```
 */
export function patternFenceKey(prefix: string): string {
  return `\u0000mtc:pattern-fence:${prefix}`;
}

/**
 * The Lua pattern (anchored) that matches exactly the keys a Redis glob matches: `*`, `?`,
 * `[...]` (with `^` and ranges) and `\` escapes; every other byte is literal. The pattern fence
 * stores globs in this form, so `FENCE_SET` tests a key with one `string.find`.
 *
 * @example
 * ```ts
 * globToLuaPattern('mtc:user:*'); // '^mtc%:user%:.*$'
 * ```
 */
export function globToLuaPattern(glob: string): string {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '\\' && i + 1 < glob.length) out += literal(glob[++i]!);
    else if (c === '[') {
      const [lua, end] = luaClass(glob, i);
      out += lua;
      i = end;
    } else out += literal(c);
  }
  return `${out}$`;
}

/**
 * Tombstones every framed key of one server matching `pattern` (see {@link FENCE_SCAN_DELETE}):
 * SCAN, then one EVAL per key, sent together per page. Resolves to the number of keys that held a
 * value. Run it after {@link recordPatternFence}, so a key written after the SCAN passed is
 * fenced by the record and a key written before it is found.
 *
 * @example
 * ```ts
 * const removed = await scanAndTombstone(send, 'mtc:user:*', tombstoneFrame(10_000), 10_000);
 * ```
 */
export async function scanAndTombstone(
  send: SendCommand,
  pattern: string,
  tombstone: Uint8Array,
  ttlMs: number,
  count = 1000,
): Promise<number> {
  const bytes = Buffer.from(tombstone.buffer, tombstone.byteOffset, tombstone.byteLength);
  const ms = String(ttlMs);
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = (await send([
      'SCAN',
      cursor,
      'MATCH',
      pattern,
      'COUNT',
      String(count),
    ])) as [Buffer | string, (Buffer | string)[]];
    cursor = next.toString();
    const held = await Promise.all(
      keys.map((key) =>
        evalScript(send, FENCE_SCAN_DELETE_SHA, FENCE_SCAN_DELETE, [key], [bytes, ms]),
      ),
    );
    for (const one of held) removed += Number(one);
  } while (cursor !== '0');
  return removed;
}

/**
 * Records a pattern deletion of `pattern` (a full-key Redis glob) at `at` in the fence of
 * `prefix`, for `ttlMs`: a fenced write of a matching key from a computation that started before
 * `at` is refused, even when the key did not exist when the deletion scanned.
 *
 * @example
 * ```ts
 * await recordPatternFence(send, 'mtc:', 'mtc:user:*', Date.now(), 10_000);
 * ```
 */
export async function recordPatternFence(
  send: SendCommand,
  prefix: string,
  pattern: string,
  at: number,
  ttlMs: number,
): Promise<void> {
  await send([
    'EVAL',
    FENCE_PATTERN,
    '1',
    patternFenceKey(prefix),
    globToLuaPattern(pattern),
    String(at),
    String(ttlMs),
  ]);
}

function evalScript(
  send: SendCommand,
  sha: string,
  script: string,
  keys: readonly (string | Buffer)[],
  args: readonly (string | Buffer)[],
): Promise<unknown> {
  const count = String(keys.length);
  return send(['EVALSHA', sha, count, ...keys, ...args]).then(undefined, (error: unknown) => {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
    return send(['EVAL', script, count, ...keys, ...args]);
  });
}

/**
 * The Lua set for the class opened at `open`, parsed as Redis does (`\\` escapes, `a-z` ranges in
 * either order, an unterminated class runs to the end), and the index where it ends. A class Lua
 * cannot spell exactly (empty, or a range ending on `%`, `]` or `-`) becomes `.`: the fence then
 * refuses more writes than it must, which costs a miss, never a stale value.
 */
function luaClass(glob: string, open: number): [string, number] {
  let i = open + 1;
  const negate = glob[i] === '^';
  if (negate) i++;
  let items = '';
  let exact = true;
  while (i < glob.length && glob[i] !== ']') {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) {
      items += literal(glob[i + 1]!);
      i += 2;
    } else if (glob[i + 1] === '-' && i + 2 < glob.length) {
      const [low, high] = c <= glob[i + 2]! ? [c, glob[i + 2]!] : [glob[i + 2]!, c];
      if (/[%\]-]/.test(low + high)) exact = false;
      items += `${low}-${high}`;
      i += 3;
    } else {
      items += literal(c);
      i++;
    }
  }
  const end = Math.min(i, glob.length - 1);
  if (!exact || items === '') return ['.', end];
  return [`[${negate ? '^' : ''}${items}]`, end];
}

function literal(c: string): string {
  if (c === '\u0000') return '%z';
  return /[A-Za-z0-9]/.test(c) || c.charCodeAt(0) > 0x7f ? c : `%${c}`;
}

function sha1(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}
