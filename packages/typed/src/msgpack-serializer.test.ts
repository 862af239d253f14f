import { createCache, memoryL2Store } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getOrComputeTyped } from './get-or-compute-typed.js';
import { msgpackSerializer } from './msgpack.js';

describe('msgpackSerializer', () => {
  it('round-trips Dates, BigInts, bytes and nested values as themselves', () => {
    const serializer = msgpackSerializer();
    const value = { at: new Date('2025-03-01T00:00:00Z'), big: 2n ** 60n, n: [1, 'two', null] };
    expect(serializer.deserialize(serializer.serialize(value))).toEqual(value);
    const bytes = serializer.deserialize(serializer.serialize(new Uint8Array([1, 2])));
    expect([...(bytes as Uint8Array)]).toEqual([1, 2]);
  });

  it('refuses what MessagePack cannot hold with not-serializable', () => {
    expect(() => msgpackSerializer().serialize({ huge: 2n ** 70n })).toThrow(
      expect.objectContaining({ code: 'not-serializable' }),
    );
  });

  it('never lets a payload change a prototype', () => {
    const serializer = msgpackSerializer();
    const bytes = serializer.serialize(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
    const read = serializer.deserialize(bytes) as Record<string, unknown>;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(read.polluted).toBeUndefined();
  });

  it('lets another instance read what one wrote, validated through the schema', async () => {
    const data = new Map();
    const serializer = msgpackSerializer();
    const a = createCache({ l2: [memoryL2Store({ data })], serializer });
    const b = createCache({ l2: [memoryL2Store({ data })], serializer: msgpackSerializer() });
    const Order = z.object({ id: z.number(), placed: z.date() });
    const placed = new Date('2025-04-04T04:04:04Z');
    await getOrComputeTyped(a, 'order:1', Order, () => ({ id: 1, placed }));
    const read = await getOrComputeTyped(b, 'order:1', Order, () => ({
      id: 0,
      placed: new Date(),
    }));
    expect(read).toEqual({ id: 1, placed });
  });

  it('treats garbage bytes as a miss', async () => {
    const l2 = memoryL2Store();
    await l2.set('k', new Uint8Array([0xc1, 0xff, 0x00]), 60_000);
    const cache = createCache({ l2: [l2], serializer: msgpackSerializer() });
    expect(await cache.getOrCompute('k', () => 'fresh')).toBe('fresh');
  });
});
