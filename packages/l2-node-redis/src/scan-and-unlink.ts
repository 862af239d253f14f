import type { NodeSender } from './backend.js';

/**
 * Removes every key of one server matching `pattern`: SCAN MATCH pattern COUNT `count` and, for
 * each page, UNLINK of the keys found (grouped by hash slot on a cluster, where one UNLINK must
 * not span slots). Resolves to the number of keys removed. Keys are handled as Buffers, so any
 * byte sequence round-trips exactly.
 *
 * @example
 * ```ts
 * const removed = await scanAndUnlink(master, 'mtc:user:*', 1000, keySlot);
 * ```
 */
export async function scanAndUnlink(
  node: NodeSender,
  pattern: string,
  count: number,
  slotOf: ((key: Uint8Array) => number) | undefined,
): Promise<number> {
  let removed = 0;
  let cursor = '0';
  const countArg = String(count);
  do {
    const [next, keys] = (await node.send([
      'SCAN',
      cursor,
      'MATCH',
      pattern,
      'COUNT',
      countArg,
    ])) as [Buffer | string, Buffer[]];
    cursor = next.toString();
    if (keys.length === 0) continue;
    if (slotOf === undefined) {
      removed += (await node.send(['UNLINK', ...keys])) as number;
      continue;
    }
    const bySlot = new Map<number, Buffer[]>();
    for (const key of keys) {
      const slot = slotOf(key);
      const group = bySlot.get(slot);
      if (group === undefined) bySlot.set(slot, [key]);
      else group.push(key);
    }
    const counts = await Promise.all(
      [...bySlot.values()].map((group) => node.send(['UNLINK', ...group]) as Promise<number>),
    );
    for (const n of counts) removed += n;
  } while (cursor !== '0');
  return removed;
}
