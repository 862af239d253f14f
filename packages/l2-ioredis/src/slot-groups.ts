import type { Cluster } from 'ioredis';
import { keySlot } from './key-slot.js';

/** Positions (in the caller's list) of keys that share one hash slot. */
export type SlotGroup = number[];

/**
 * Groups the positions of `keys` (full Redis keys, prefix included) by hash slot, then the slot
 * groups by the node that serves them, so that a multi-key command never spans slots (no
 * CROSSSLOT) and each node gets one pipeline. Before the Cluster knows its slot map, each slot
 * gets its own pipeline, which is still correct.
 *
 * @example
 * ```ts
 * for (const slots of groupBySlotAndNode(cluster, ['mtc:a', 'mtc:b'])) { ... } // [[[0], [1]]] when both on one node
 * ```
 */
export function groupBySlotAndNode(cluster: Cluster, keys: readonly string[]): SlotGroup[][] {
  const bySlot = new Map<number, SlotGroup>();
  for (let index = 0; index < keys.length; index++) {
    const slot = keySlot(keys[index]!);
    const group = bySlot.get(slot);
    if (group === undefined) bySlot.set(slot, [index]);
    else group.push(index);
  }
  const byNode = new Map<string, SlotGroup[]>();
  for (const [slot, group] of bySlot) {
    // The same grouping ioredis checks a pipeline against: the node list serving the slot.
    const node = cluster.slots[slot]?.join(';') ?? `slot:${slot}`;
    const groups = byNode.get(node);
    if (groups === undefined) byNode.set(node, [group]);
    else groups.push(group);
  }
  return [...byNode.values()];
}
