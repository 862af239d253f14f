import {
  frameWithExpiry,
  type L2Entry,
  type L2Store,
  type L2WriteEntry,
  readExpiryFrame,
} from '@multi-tier-cache/core';
import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { connect } from './connect.js';
import { entryFrom, getWithTtl } from './get-with-ttl.js';
import { escapeGlob } from './glob-escape.js';
import type { IoredisStoreOptions } from './ioredis-store-options.js';
import { isCluster, scanAndUnlink } from './scan-delete.js';
import { groupBySlotAndNode, type SlotGroup } from './slot-groups.js';

/** Redis refuses string values above 512 MiB. */
const MAX_VALUE_BYTES = 512 * 1024 * 1024;

/** Milliseconds close() waits for QUIT before dropping the connection. */
const QUIT_GRACE_MS = 1000;

/**
 * A shared tier on Redis through ioredis: standalone, Cluster or Sentinel. Every key gets the
 * prefix; a read returns the bytes and the TTL Redis still has in one round trip; `getMany`,
 * `setMany` and `delete` take one round trip per server (grouped by hash slot on a Cluster, so
 * never CROSSSLOT); `clear()` removes only keys under the prefix.
 *
 * @example
 * ```ts
 * import { createCache, memoryL1Store } from '@multi-tier-cache/core';
 * import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
 *
 * const cache = createCache({ l1: memoryL1Store(), l2: [ioredisStore({ url: 'redis://127.0.0.1:6379' })] });
 * ```
 */
export function ioredisStore(options: IoredisStoreOptions = {}): L2Store {
  const prefix = options.prefix ?? 'mtc:';
  const matchPrefix = escapeGlob(prefix);
  const { client, owned } = connect(options);
  const cluster = isCluster(client) ? client : undefined;
  const framed = (options.valueFormat ?? 'framed') === 'framed';
  let closing: Promise<void> | undefined;

  function encode(value: Uint8Array, ttlMs: number): Buffer {
    return framed ? frameWithExpiry(value, wholeMs(ttlMs)) : toBuffer(value);
  }

  return {
    name: options.name ?? 'ioredis',
    capabilities: { deleteMatching: true, remainingTtl: true },
    maxValueBytes: MAX_VALUE_BYTES,

    get(key) {
      return framed
        ? client.getBuffer(prefix + key).then(readFramed)
        : getWithTtl(client, prefix + key);
    },

    async getMany(keys) {
      const results: (L2Entry | undefined)[] = new Array(keys.length).fill(undefined);
      if (keys.length === 0) return results;
      const fullKeys = keys.map((key) => prefix + key);
      await eachNode(
        client,
        cluster,
        fullKeys,
        (pipeline, group) => {
          pipeline.mgetBuffer(...group.map((index) => fullKeys[index]!));
          if (!framed) for (const index of group) pipeline.pttl(fullKeys[index]!);
        },
        (replies, groups) => {
          let at = 0;
          for (const group of groups) {
            const values = replies[at++] as (Buffer | null)[];
            for (let i = 0; i < group.length; i++) {
              const value = values[i] ?? null;
              results[group[i]!] = framed
                ? readFramed(value)
                : entryFrom(value, replies[at++] as number);
            }
          }
        },
      );
      return results;
    },

    async set(key, value, ttlMs) {
      await client.set(prefix + key, encode(value, ttlMs), 'PX', wholeMs(ttlMs));
    },

    async setMany(entries) {
      if (entries.length === 0) return;
      const fullKeys = entries.map((entry) => prefix + entry.key);
      await eachNode(client, cluster, fullKeys, (pipeline, group) => {
        for (const index of group) {
          const entry: L2WriteEntry = entries[index]!;
          pipeline.set(
            fullKeys[index]!,
            encode(entry.value, entry.ttlMs),
            'PX',
            wholeMs(entry.ttlMs),
          );
        }
      });
    },

    async delete(keys) {
      if (keys.length === 0) return 0;
      const fullKeys = keys.map((key) => prefix + key);
      if (cluster === undefined) return client.unlink(...fullKeys);
      let removed = 0;
      await eachNode(
        client,
        cluster,
        fullKeys,
        (pipeline, group) => {
          pipeline.unlink(...group.map((index) => fullKeys[index]!));
        },
        (replies) => {
          for (const count of replies) removed += count as number;
        },
      );
      return removed;
    },

    deleteMatching(glob) {
      return scanAndUnlink(client, matchPrefix + glob);
    },

    async clear() {
      await scanAndUnlink(client, `${matchPrefix}*`);
    },

    async ping() {
      const start = performance.now();
      await client.ping();
      return performance.now() - start;
    },

    close() {
      if (!owned) return Promise.resolve();
      closing ??= quit(client);
      return closing;
    },
  };
}

/**
 * Runs one pipeline per server: on a standalone server one pipeline with every key as one group;
 * on a Cluster one pipeline per node, filled slot group by slot group. `read` gets each
 * pipeline's replies (errors thrown) with the groups in the order they were written.
 */
async function eachNode(
  client: Redis | Cluster,
  cluster: Cluster | undefined,
  fullKeys: readonly string[],
  write: (pipeline: ChainableCommander, group: SlotGroup) => void,
  read?: (replies: unknown[], groups: SlotGroup[]) => void,
): Promise<void> {
  const nodes = cluster
    ? groupBySlotAndNode(cluster, fullKeys)
    : [[fullKeys.map((_, index) => index)]];
  await Promise.all(
    nodes.map(async (groups) => {
      const pipeline = client.pipeline();
      for (const group of groups) write(pipeline, group);
      const results = (await pipeline.exec()) ?? [];
      const replies: unknown[] = new Array(results.length);
      for (let i = 0; i < results.length; i++) {
        const [error, reply] = results[i]!;
        if (error) throw error;
        replies[i] = reply;
      }
      read?.(replies, groups);
    }),
  );
}

/** QUIT, or drop the connection when the server does not answer in time. */
async function quit(client: Redis | Cluster): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, QUIT_GRACE_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

function readFramed(value: Buffer | null): L2Entry | undefined {
  return value === null ? undefined : readExpiryFrame(value);
}

function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value)
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** PX takes a positive whole number of milliseconds. */
function wholeMs(ttlMs: number): number {
  return ttlMs >= 1 ? Math.ceil(ttlMs) : 1;
}
