import { describe, expect, it } from 'vitest';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

function pair() {
  const shared = new Map<string, MemoryL2Slot>();
  const hub = memoryBusHub();
  const make = () =>
    createCache({ l1: memoryL1Store(), l2: [memoryL2Store({ data: shared })], bus: hub.connect() });
  return { a: make(), b: make(), shared };
}

describe('has and tags', () => {
  it('does not report an entry whose tag was invalidated, in L1 or in the shared tier', async () => {
    const { a, b } = pair();
    await a.set('page:1', 'p1', { tags: 'product:7' });
    await a.set('page:2', 'p2', { tags: 'product:9' });
    expect(await a.has('page:1')).toBe(true);
    expect(await b.has('page:1')).toBe(true);
    await a.deleteByTag('product:7');
    expect(await a.has('page:1')).toBe(false);
    expect(await b.has('page:1')).toBe(false);
    expect(await a.has('page:2')).toBe(true);
  });

  it('does not report an invalidated entry from the shared tier to an instance started later', async () => {
    const shared = new Map<string, MemoryL2Slot>();
    const a = createCache({ l2: [memoryL2Store({ data: shared })] });
    await a.set('page:1', 'p1', { tags: 'product:7' });
    await a.deleteByTag('product:7');
    const later = createCache({ l2: [memoryL2Store({ data: shared })] });
    expect(await later.has('page:1')).toBe(false);
  });
});
