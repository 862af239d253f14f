import { describe, expect, it } from 'vitest';
import { groupKeysByNode, groupKeysBySlot } from './group-keys.js';
import { keySlot } from './key-slot.js';

describe('groupKeysBySlot', () => {
  it('puts keys sharing a hash tag together and keeps their positions', () => {
    const groups = groupKeysBySlot(['{u}:a', 'x', '{u}:b']);
    expect(groups).toEqual([
      { slot: keySlot('u'), keys: ['{u}:a', '{u}:b'], indexes: [0, 2] },
      { slot: keySlot('x'), keys: ['x'], indexes: [1] },
    ]);
  });
});

describe('groupKeysByNode', () => {
  it('groups slots by the node serving them', () => {
    const keys = ['{a}1', '{b}1', '{a}2', '{c}1'];
    const nodeOf = (slot: number) => (slot === keySlot('c') ? 'n2' : 'n1');
    const groups = groupKeysByNode(keys, nodeOf);
    expect(groups.map((g) => g.node)).toEqual(['n1', 'n2']);
    expect(groups[0]!.slots.map((s) => s.indexes)).toEqual([[0, 2], [1]]);
    expect(groups[1]!.slots.map((s) => s.keys)).toEqual([['{c}1']]);
  });

  it('returns nothing for no keys', () => {
    expect(groupKeysByNode([], () => 'n')).toEqual([]);
  });
});
