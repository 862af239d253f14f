import { type L2ConditionalWrite, storeTtlMs, tombstoneFrame } from '@multi-tier-cache/core';
import {
  FENCE_DELETE,
  FENCE_SET,
  FENCE_SET_SHA,
  isNoScript,
  patternFenceKey,
} from '@multi-tier-cache/redis-common';
import type { Cluster, Redis } from 'ioredis';

type Argument = string | number | Buffer;

/**
 * The `conditionalWrite` capability of {@link ioredisStore}: one EVALSHA per fenced write (EVAL for
 * the first call, and once again when the server lost the script) and one EVAL per tombstone,
 * routed to the key's node on a Cluster. `encode` frames the value exactly as the store's `set`
 * does, so a fenced write carries its written-at moment too.
 *
 * @example
 * ```ts
 * const fencing = ioredisConditionalWrite(client, 'mtc:', encode, fail);
 * ```
 */
export function ioredisConditionalWrite(
  client: Redis | Cluster,
  prefix: string,
  encode: (value: Uint8Array, ttlMs: number) => Buffer,
  fail: (error: unknown) => never,
): L2ConditionalWrite {
  // Each script goes out as EVAL until the server answered one (so the first write is one round
  // trip, not a NOSCRIPT and an EVAL), then as EVALSHA.
  const loaded = new Set<string>();
  function run(sha: string, script: string, keys: string[], args: Argument[]): Promise<unknown> {
    if (!loaded.has(sha)) {
      return client.eval(script, keys.length, ...keys, ...args).then((reply) => {
        loaded.add(sha);
        return reply;
      });
    }
    return client.evalsha(sha, keys.length, ...keys, ...args).then(undefined, (error: unknown) => {
      if (!isNoScript(error)) throw error;
      return client.eval(script, keys.length, ...keys, ...args);
    });
  }
  // A script may only touch keys of one slot on a Cluster: there the pattern fence is left out,
  // and only the keys a pattern deletion found are fenced (by their tombstones).
  const fence =
    (client as { isCluster?: boolean }).isCluster === true ? [] : [patternFenceKey(prefix)];

  return {
    async setIfNotNewer(key, value, ttlMs, startedAt) {
      const ms = storeTtlMs(ttlMs, key);
      const written = await run(
        FENCE_SET_SHA,
        FENCE_SET,
        [prefix + key, ...fence],
        [encode(value, ms), ms, startedAt],
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
        keys.map((key) => client.eval(FENCE_DELETE, 1, prefix + key, tombstone, ms)),
      ).then(undefined, fail);
      return held.reduce<number>((sum, one) => sum + (one === 1 ? 1 : 0), 0);
    },
  };
}
