import { describe, expect, it } from 'vitest';
import { groupKeysByNode } from './group-keys.js';
import { keySlot } from './key-slot.js';

/** Three masters splitting the slots as `redis-cli --cluster create` does. */
const nodeOfSlot = (slot: number) => (slot <= 5460 ? 'a' : slot <= 10922 ? 'b' : 'c');

describe('groupKeysByNode', () => {
  const keys = Array.from({ length: 100 }, (_, i) => `mtc:key:${i}`);
  const groups = groupKeysByNode(keys, nodeOfSlot);

  it('makes one group per master involved', () => {
    expect(groups.map((group) => group.node).sort()).toEqual(['a', 'b', 'c']);
  });

  it('never puts two slots in one slot group, and keeps every key exactly once', () => {
    const seen: number[] = [];
    for (const node of groups) {
      for (const slot of node.slots) {
        expect(new Set(slot.keys.map(keySlot))).toEqual(new Set([slot.slot]));
        expect(nodeOfSlot(slot.slot)).toBe(node.node);
        slot.indexes.forEach((index, i) => {
          expect(keys[index]).toBe(slot.keys[i]);
          seen.push(index);
        });
      }
    }
    expect(seen.sort((x, y) => x - y)).toEqual(keys.map((_, i) => i));
  });

  it('keeps keys sharing a hash tag in one slot group', () => {
    const tagged = ['mtc:{u1}:a', 'mtc:{u1}:b', 'mtc:{u1}:c'];
    const [only] = groupKeysByNode(tagged, nodeOfSlot);
    expect(only?.slots).toHaveLength(1);
    expect(only?.slots[0]?.keys).toEqual(tagged);
  });

  it('keeps duplicates at each of their positions', () => {
    const [only] = groupKeysByNode(['mtc:x', 'mtc:x'], nodeOfSlot);
    expect(only?.slots[0]?.indexes).toEqual([0, 1]);
  });
});
