import type { Cluster, Redis } from 'ioredis';
import { keySlot } from './key-slot.js';

/** Keys asked for per SCAN step. */
const SCAN_COUNT = 1000;

/**
 * Removes every key matching `pattern` (which must start with the store's escaped prefix) with
 * SCAN MATCH ... COUNT 1000 and UNLINK of each page, on a standalone server or on every master of
 * a Cluster. Resolves to how many keys were removed. Never FLUSHDB: other keys are left alone.
 *
 * @example
 * ```ts
 * await scanAndUnlink(client, 'mtc:user:*'); // 42
 * ```
 */
export async function scanAndUnlink(client: Redis | Cluster, pattern: string): Promise<number> {
  if (!isCluster(client)) return scanNode(client, pattern, false);
  const counts = await Promise.all(
    client.nodes('master').map((node) => scanNode(node, pattern, true)),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

async function scanNode(node: Redis, pattern: string, clusterNode: boolean): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
    cursor = next;
    if (keys.length === 0) continue;
    removed += clusterNode ? await unlinkBySlot(node, keys) : await node.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}

/** UNLINK on one cluster node, one command per hash slot (a multi-slot UNLINK is CROSSSLOT). */
async function unlinkBySlot(node: Redis, keys: string[]): Promise<number> {
  const bySlot = new Map<number, string[]>();
  for (const key of keys) {
    const slot = keySlot(key);
    const group = bySlot.get(slot);
    if (group === undefined) bySlot.set(slot, [key]);
    else group.push(key);
  }
  const pipeline = node.pipeline();
  for (const group of bySlot.values()) pipeline.unlink(...group);
  let removed = 0;
  for (const [error, count] of (await pipeline.exec()) ?? []) {
    if (error) throw error;
    removed += count as number;
  }
  return removed;
}

/** True for an ioredis Cluster client. */
export function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}
