import { type L2ConditionalWrite, storeTtlMs, tombstoneFrame } from '@multi-tier-cache/core';
import {
  FENCE_DELETE,
  FENCE_SET,
  FENCE_SET_SHA,
  isNoScript,
  patternFenceKey,
} from '@multi-tier-cache/redis-common';
import type { Backend } from './backend.js';

/**
 * The `conditionalWrite` capability of {@link nodeRedisStore}: one EVALSHA per fenced write (EVAL
 * for the first call, and once again when the server lost the script) and one EVAL per tombstone,
 * sent to the server of the key. `encode` frames the value exactly as the store's `set` does, so a
 * fenced write carries its written-at moment too.
 *
 * @example
 * ```ts
 * const fencing = nodeRedisConditionalWrite(backend, 'mtc:', encode, fail);
 * ```
 */
export function nodeRedisConditionalWrite(
  backend: Backend,
  prefix: string,
  encode: (value: Uint8Array, ttlMs: number) => Uint8Array,
  fail: (error: unknown) => never,
): L2ConditionalWrite {
  // Each script goes out as EVAL until the server answered one (so the first write is one round
  // trip, not a NOSCRIPT and an EVAL), then as EVALSHA.
  const loaded = new Set<string>();
  function run(
    sha: string,
    script: string,
    full: string,
    args: (string | Buffer)[],
    extra: readonly string[] = [],
  ): Promise<unknown> {
    const keys = [String(1 + extra.length), full, ...extra];
    if (!loaded.has(sha)) {
      return backend.send(full, ['EVAL', script, ...keys, ...args]).then((reply) => {
        loaded.add(sha);
        return reply;
      });
    }
    return backend.send(full, ['EVALSHA', sha, ...keys, ...args]).then(undefined, (error) => {
      if (!isNoScript(error)) throw error;
      return backend.send(full, ['EVAL', script, ...keys, ...args]);
    });
  }
  // A script may only touch keys of one slot on a Cluster: there the pattern fence is left out,
  // and only the keys a pattern deletion found are fenced (by their tombstones).
  const fence = backend.clustered ? [] : [patternFenceKey(prefix)];

  return {
    async setIfNotNewer(key, value, ttlMs, startedAt) {
      const ms = storeTtlMs(ttlMs, key);
      const bytes = encode(value, ms);
      const written = await run(
        FENCE_SET_SHA,
        FENCE_SET,
        prefix + key,
        [
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          String(ms),
          String(startedAt),
        ],
        fence,
      ).then(undefined, fail);
      return written === 1;
    },
    async deleteWithTombstone(keys, tombstoneTtlMs) {
      if (keys.length === 0) return 0;
      const ms = storeTtlMs(tombstoneTtlMs, keys[0]!);
      const tombstone = tombstoneFrame(ms);
      // Always EVAL, never EVALSHA: a NOSCRIPT answer (after a restart or SCRIPT FLUSH) would send
      // the tombstone again behind whatever followed it on the connection, such as the bus message
      // of a cache whose tier shares the bus's connection, which must never overtake the delete.
      const held = await Promise.all(
        keys.map((key) =>
          backend.send(prefix + key, [
            'EVAL',
            FENCE_DELETE,
            '1',
            prefix + key,
            tombstone,
            String(ms),
          ]),
        ),
      ).then(undefined, fail);
      return held.reduce<number>((sum, one) => sum + (one === 1 ? 1 : 0), 0);
    },
  };
}
