import { describe, expect, it, vi } from 'vitest';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

function twoInstances(options: { broadcastSets?: boolean } = {}) {
  const hub = memoryBusHub();
  const shared = new Map<string, MemoryL2Slot>();
  const make = () => {
    const l1 = memoryL1Store();
    const cache = createCache({
      l1,
      l2: [memoryL2Store({ data: shared })],
      bus: hub.connect(),
      ...options,
    });
    return { l1, cache };
  };
  return { a: make(), b: make() };
}

describe('set reaches other instances', () => {
  it('makes the other instances drop their L1 copy, so they read the new value', async () => {
    const { a, b } = twoInstances();
    await a.cache.set('k', 'v1');
    expect(await b.cache.get('k')).toBe('v1');
    expect(b.l1.get('k')).toBe('v1');
    await a.cache.set('k', 'v2');
    await vi.waitFor(() => expect(b.l1.get('k')).toBeUndefined());
    expect(await b.cache.get('k')).toBe('v2');
  });

  it('sends nothing for a set with { broadcast: false } or on a cache with broadcastSets: false', async () => {
    for (const [setup, options] of [
      [{}, { broadcast: false }],
      [{ broadcastSets: false }, undefined],
    ] as const) {
      const { a, b } = twoInstances(setup);
      await a.cache.set('k', 'v1');
      await b.cache.get('k');
      const sent = a.cache.stats().bus!.sent;
      await a.cache.set('k', 'v2', options);
      expect(a.cache.stats().bus!.sent).toBe(sent);
      expect(b.l1.get('k')).toBe('v1');
    }
  });

  it('still pushes the value itself with updateCache', async () => {
    const { a, b } = twoInstances();
    await a.cache.set('k', 'v1');
    await b.cache.get('k');
    await a.cache.updateCache('k', 'v2');
    await vi.waitFor(() => expect(b.l1.get('k')).toBe('v2'));
  });
});
