import { describe, expect, it } from 'vitest';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { CacheSystemBuilder } from './cache-system-builder.js';
import { createCache } from './create-cache.js';

describe('CacheSystemBuilder', () => {
  it('builds tiers in the order they were added, L3 with twice the TTL', async () => {
    const l2 = memoryL2Store({ name: 'l2' });
    const l3 = memoryL2Store({ name: 'l3' });
    const cache = new CacheSystemBuilder().withL1(memoryL1Store()).withL2(l2).withL3(l3).build();
    await cache.set('k', 1, { ttl: '10s' });
    expect((await l3.get('k'))!.ttlMs).toBeGreaterThan(19_000);
    expect(cache.stats().tiers.map((tier) => tier.name)).toEqual(['l2', 'l3']);
  });
});

describe('close', () => {
  it('closes the stores and refuses writes afterwards', async () => {
    let closed = 0;
    const store = { ...memoryL2Store(), close: async () => void closed++ };
    const cache = createCache({ l2: [store] });
    await cache[Symbol.asyncDispose]();
    expect(closed).toBe(1);
    await expect(cache.set('k', 1)).rejects.toMatchObject({ code: 'closed' });
  });
});
