import { keySlot } from './key-slot.js';

/** Keys of one hash slot, with their positions in the caller's list. */
export interface SlotGroup {
  readonly slot: number;
  /** Full Redis keys (prefix included), in the caller's order. */
  readonly keys: string[];
  /** Position of each key in the caller's list. */
  readonly indexes: number[];
}

/** The slot groups that one cluster master serves. */
export interface NodeGroup {
  /** `host:port` of the master, as node-redis names it. */
  readonly node: string;
  readonly slots: SlotGroup[];
}

/**
 * Groups keys by hash slot, then the slots by the master that serves them, so that a batch needs
 * one pipeline per master and no multi-key command ever spans two slots (no CROSSSLOT).
 *
 * @example
 * ```ts
 * const groups = groupKeysByNode(['mtc:a', 'mtc:b'], (slot) => cluster.slots[slot]!.master.address);
 * ```
 */
export function groupKeysByNode(
  keys: readonly string[],
  nodeOfSlot: (slot: number) => string,
): NodeGroup[] {
  const slots = new Map<number, SlotGroup>();
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const slot = keySlot(key);
    let group = slots.get(slot);
    if (group === undefined) {
      group = { slot, keys: [], indexes: [] };
      slots.set(slot, group);
    }
    group.keys.push(key);
    group.indexes.push(index);
  }
  const nodes = new Map<string, NodeGroup>();
  for (const group of slots.values()) {
    const node = nodeOfSlot(group.slot);
    let entry = nodes.get(node);
    if (entry === undefined) {
      entry = { node, slots: [] };
      nodes.set(node, entry);
    }
    entry.slots.push(group);
  }
  return [...nodes.values()];
}
