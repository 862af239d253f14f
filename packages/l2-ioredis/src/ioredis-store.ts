import {
  frameWithExpiry,
  type L2Entry,
  type L2Store,
  storeTtlMs,
  tombstoneFrame,
  validatePrefix,
} from '@multi-tier-cache/core';
import {
  entryFromPttl,
  escapeGlob,
  groupKeysByNode,
  PATTERN_FENCE_MS,
  ReadCoalescer,
  readFramedEntry,
  recordPatternFence,
  type SendCommand,
  type SlotGroup,
  scanAndTombstone,
  scanAndUnlink,
} from '@multi-tier-cache/redis-common';
import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { connect } from './connect.js';
import { getWithTtl } from './get-with-ttl.js';
import { ioredisConditionalWrite } from './ioredis-conditional-write.js';
import { ioredisLocks } from './ioredis-locks.js';
import type { IoredisStoreOptions } from './ioredis-store-options.js';

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
  const prefix = validatePrefix(options.prefix ?? 'mtc:', 'ioredisStore');
  const matchPrefix = escapeGlob(prefix);
  const { client, owned, failure } = connect(options);
  const cluster = isCluster(client) ? client : undefined;
  const framed = (options.valueFormat ?? 'framed') === 'framed';
  const coalesce = framed && options.coalesceReads !== false;
  let closing: Promise<void> | undefined;

  /**
   * Rejects with what happened: a connection failure names its cause and address
   * (`ECONNREFUSED 127.0.0.1:1`), never ioredis's retry limit; passwords are always hidden.
   */
  function fail(error: unknown): never {
    throw failure(error);
  }

  function encode(value: Uint8Array, ms: number): Buffer {
    return framed ? frameWithExpiry(value, ms) : toBuffer(value);
  }

  const reads = coalesce
    ? new ReadCoalescer({
        get: (key) => client.getBuffer(key),
        getMany: cluster
          ? (keys) => mgetBySlot(cluster, keys)
          : (keys) => client.mgetBuffer(...keys),
        toError: failure,
      })
    : undefined;

  return {
    name: options.name ?? 'ioredis',
    capabilities: {
      deleteMatching: true,
      remainingTtl: true,
      locks: true,
      replacingLocks: true,
      // Fencing reads the written-at moment from the frame: plain values carry none.
      conditionalWrite: framed,
    },
    maxValueBytes: MAX_VALUE_BYTES,
    ...ioredisLocks(client, prefix, encode, fail),
    ...(framed ? ioredisConditionalWrite(client, prefix, encode, fail) : {}),

    get(key) {
      if (reads !== undefined) return reads.read(prefix + key);
      return framed
        ? client.getBuffer(prefix + key).then(readFramedEntry, fail)
        : getWithTtl(client, prefix + key).then(undefined, fail);
    },

    async getMany(keys) {
      if (keys.length === 0) return [];
      const fullKeys = new Array<string>(keys.length);
      for (let i = 0; i < keys.length; i++) fullKeys[i] = prefix + keys[i];
      if (framed && cluster === undefined) {
        // One MGET, without a pipeline around it: a pipeline of one command costs a third more.
        const values = await client.mgetBuffer(fullKeys).then(undefined, fail);
        const entries = new Array<L2Entry | undefined>(values.length);
        const now = Date.now();
        for (let i = 0; i < values.length; i++) entries[i] = readFramedEntry(values[i], now);
        return entries;
      }
      const results: (L2Entry | undefined)[] = new Array(keys.length).fill(undefined);
      await eachNode(
        client,
        cluster,
        fullKeys,
        (pipeline, group) => {
          pipeline.mgetBuffer(...group.keys);
          if (!framed) for (const key of group.keys) pipeline.pttl(key);
        },
        (replies, groups) => {
          const now = Date.now();
          let at = 0;
          for (const group of groups) {
            const values = replies[at++] as (Buffer | null)[];
            const ttlsAt = at;
            if (!framed) at += group.indexes.length;
            for (let i = 0; i < group.indexes.length; i++) {
              const value = values[i] ?? null;
              results[group.indexes[i]!] = framed
                ? readFramedEntry(value, now)
                : entryFromPttl(value, replies[ttlsAt + i] as number);
            }
          }
        },
      ).then(undefined, fail);
      return results;
    },

    set(key, value, ttlMs) {
      let ms: number;
      try {
        ms = storeTtlMs(ttlMs, key);
      } catch (error) {
        return Promise.reject(error);
      }
      return client.set(prefix + key, encode(value, ms), 'PX', ms).then(ignore, fail);
    },

    async setMany(entries) {
      if (entries.length === 0) return;
      const ttls = entries.map((entry) => storeTtlMs(entry.ttlMs, entry.key));
      const fullKeys = entries.map((entry) => prefix + entry.key);
      await eachNode(client, cluster, fullKeys, (pipeline, group) => {
        for (const index of group.indexes) {
          const ms = ttls[index]!;
          pipeline.set(fullKeys[index]!, encode(entries[index]!.value, ms), 'PX', ms);
        }
      }).then(undefined, fail);
    },

    async delete(keys) {
      if (keys.length === 0) return 0;
      const fullKeys = keys.map((key) => prefix + key);
      if (cluster === undefined) return client.unlink(...fullKeys).then(undefined, fail);
      let removed = 0;
      await eachNode(
        client,
        cluster,
        fullKeys,
        (pipeline, group) => {
          pipeline.unlink(...group.keys);
        },
        (replies) => {
          for (const count of replies) removed += count as number;
        },
      ).then(undefined, fail);
      return removed;
    },

    deleteMatching(glob) {
      const pattern = matchPrefix + glob;
      if (!framed) return unlinkMatching(client, pattern).then(undefined, fail);
      return tombstoneMatching(client, prefix, pattern).then(undefined, fail);
    },

    async clear() {
      await unlinkMatching(client, `${matchPrefix}*`).then(undefined, fail);
    },

    async ping() {
      const start = performance.now();
      await client.ping().then(undefined, fail);
      return performance.now() - start;
    },

    close() {
      if (!owned) return Promise.resolve();
      closing ??= quit(client);
      return closing;
    },
  };
}

/** SCAN + UNLINK of `pattern` on a standalone server, or on every master of a Cluster. */
async function unlinkMatching(client: Redis | Cluster, pattern: string): Promise<number> {
  if (!isCluster(client)) return scanAndUnlink(sendTo(client), pattern);
  const counts = await Promise.all(
    client.nodes('master').map((node) => scanAndUnlink(sendTo(node), pattern, { clustered: true })),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * A framed store's pattern deletion fences computations that started before it, as `delete`
 * does: the pattern goes into the pattern fence first (standalone and Sentinel; a Cluster script
 * cannot reach it), then every matching key on every master becomes a tombstone.
 */
async function tombstoneMatching(
  client: Redis | Cluster,
  prefix: string,
  pattern: string,
): Promise<number> {
  const at = Date.now();
  const tombstone = tombstoneFrame(PATTERN_FENCE_MS);
  if (!isCluster(client)) {
    const send = sendTo(client);
    await recordPatternFence(send, prefix, pattern, at, PATTERN_FENCE_MS);
    return scanAndTombstone(send, pattern, tombstone, PATTERN_FENCE_MS);
  }
  const counts = await Promise.all(
    client
      .nodes('master')
      .map((node) => scanAndTombstone(sendTo(node), pattern, tombstone, PATTERN_FENCE_MS)),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/** A send function over one ioredis connection, replies as Buffers. */
function sendTo(node: Redis): SendCommand {
  return (command) => node.callBuffer(String(command[0]), ...command.slice(1));
}

/** True for an ioredis Cluster client. */
function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
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
  read?: (replies: unknown[], groups: readonly SlotGroup[]) => void,
): Promise<void> {
  const nodes: readonly (readonly SlotGroup[])[] = cluster
    ? groupKeysByNode(
        fullKeys,
        // The same grouping ioredis checks a pipeline against: the node list serving the slot.
        (slot) => cluster.slots[slot]?.join(';') ?? `slot:${slot}`,
      ).map((node) => node.slots)
    : [[{ slot: 0, keys: [...fullKeys], indexes: fullKeys.map((_, index) => index) }]];
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

/**
 * The values of `fullKeys` on a Cluster: one pipeline per node holding one MGET per hash slot (no
 * CROSSSLOT). A failed MGET fails only its slot's keys; a failed pipeline fails its node's keys.
 */
async function mgetBySlot(
  cluster: Cluster,
  fullKeys: readonly string[],
): Promise<(Buffer | null | Error)[]> {
  const values: (Buffer | null | Error)[] = new Array(fullKeys.length).fill(null);
  const nodes = groupKeysByNode(
    fullKeys,
    (slot) => cluster.slots[slot]?.join(';') ?? `slot:${slot}`,
  );
  await Promise.all(
    nodes.map(async ({ slots }) => {
      const pipeline = cluster.pipeline();
      for (const group of slots) pipeline.mgetBuffer(...group.keys);
      let results: [Error | null, unknown][];
      try {
        results = (await pipeline.exec()) ?? [];
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const group of slots) for (const index of group.indexes) values[index] = failure;
        return;
      }
      for (let s = 0; s < slots.length; s++) {
        const [error, reply] = results[s] ?? [new Error('no reply for this slot'), null];
        const { indexes } = slots[s]!;
        for (let i = 0; i < indexes.length; i++) {
          values[indexes[i]!] = error ?? (reply as (Buffer | null)[])[i] ?? null;
        }
      }
    }),
  );
  return values;
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

function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value)
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function ignore(): void {}
