import { keySlot } from './key-slot.js';

/**
 * Keys of one hash slot, with their positions in the caller's list.
 *
 * @example
 * ```ts
 * const group: SlotGroup = { slot: 12182, keys: ['foo'], indexes: [0] };
 * ```
 */
export interface SlotGroup {
  readonly slot: number;
  /** Full Redis keys (prefix included), in the caller's order. */
  readonly keys: string[];
  /** Position of each key in the caller's list. */
  readonly indexes: number[];
}

/**
 * The slot groups one Cluster master serves.
 *
 * @example
 * ```ts
 * const node: NodeGroup = { node: '10.0.0.1:7000', slots: [{ slot: 12182, keys: ['foo'], indexes: [0] }] };
 * ```
 */
export interface NodeGroup {
  /** The master's name as `nodeOfSlot` gave it. */
  readonly node: string;
  readonly slots: SlotGroup[];
}

/**
 * Groups keys by hash slot, then the slots by the master serving them, so that a batch takes one
 * pipeline per master and no multi-key command spans two slots (no CROSSSLOT). `nodeOfSlot` may
 * return a name per slot while the slot map is unknown, which is still correct.
 *
 * @example
 * ```ts
 * groupKeysByNode(['mtc:a', 'mtc:b'], (slot) => cluster.slots[slot]!.master.address);
 * // [{ node: '10.0.0.1:7000', slots: [{ slot: 15495, keys: ['mtc:a'], indexes: [0] }, ...] }]
 * ```
 */
export function groupKeysByNode(
  keys: readonly string[],
  nodeOfSlot: (slot: number) => string,
): NodeGroup[] {
  const nodes = new Map<string, NodeGroup>();
  for (const group of groupKeysBySlot(keys)) {
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

/**
 * Keys grouped by hash slot, in order of first appearance.
 *
 * @example
 * ```ts
 * groupKeysBySlot(['{u}:a', '{u}:b']); // [{ slot: 13111, keys: ['{u}:a', '{u}:b'], indexes: [0, 1] }]
 * ```
 */
export function groupKeysBySlot<Key extends string | Uint8Array>(
  keys: readonly Key[],
): { readonly slot: number; readonly keys: Key[]; readonly indexes: number[] }[] {
  const slots = new Map<number, { slot: number; keys: Key[]; indexes: number[] }>();
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
  return [...slots.values()];
}
