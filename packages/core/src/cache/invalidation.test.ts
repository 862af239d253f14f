import { describe, expect, it, vi } from 'vitest';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

function instances(count: number, options: { onBusReconnect?: 'clear-l1' | 'keep' } = {}) {
  const hub = memoryBusHub();
  const shared = new Map<string, MemoryL2Slot>();
  const list = Array.from({ length: count }, () => {
    const l1 = memoryL1Store();
    const cache = createCache({
      l1,
      l2: [memoryL2Store({ data: shared })],
      bus: hub.connect(),
      ...options,
    });
    return { l1, cache };
  });
  return { hub, list };
}

describe('cross-instance invalidation (memory bus)', () => {
  it('invalidate removes the key from every instance and the shared tier', async () => {
    const {
      list: [a, b],
    } = instances(2);
    await a!.cache.set('k', 1);
    await b!.cache.get('k');
    expect(b!.l1.get('k')).toBe(1);
    await a!.cache.invalidate('k');
    await vi.waitFor(() => expect(b!.l1.get('k')).toBeUndefined());
    expect(await b!.cache.get('k')).toBeUndefined();
  });

  it('updateCache pushes the new value into the other instances L1', async () => {
    const {
      list: [a, b],
    } = instances(2);
    await a!.cache.updateCache('k', { v: 2 }, { ttl: '1m' });
    await vi.waitFor(() => expect(b!.l1.get('k')).toEqual({ v: 2 }));
    expect(b!.l1.getWithTtl('k')!.ttlMs).toBeLessThanOrEqual(60_000);
  });

  it('invalidatePattern clears matching keys everywhere and counts what it removed', async () => {
    const {
      list: [a, b],
    } = instances(2);
    for (const key of ['p:1', 'p:2', 'q:1']) await a!.cache.set(key, key);
    for (const key of ['p:1', 'p:2', 'q:1']) await b!.cache.get(key);
    expect(await a!.cache.invalidatePattern('p:*')).toBe(4);
    await vi.waitFor(() => expect(b!.l1.get('p:1')).toBeUndefined());
    expect(b!.l1.get('q:1')).toBe('q:1');
  });

  it('clear empties every instance', async () => {
    const {
      list: [a, b],
    } = instances(2);
    await a!.cache.set('k', 1);
    await b!.cache.get('k');
    await a!.cache.clear();
    await vi.waitFor(() => expect(b!.l1.size).toBe(0));
  });

  it('bulk delete removes many keys with one message', async () => {
    const {
      list: [a, b],
    } = instances(2);
    await a!.cache.set('x', 1);
    await a!.cache.set('y', 2);
    await b!.cache.get('x');
    await b!.cache.get('y');
    const sentBefore = a!.cache.stats().bus!.sent as number;
    await a!.cache.delete(['x', 'y']);
    await vi.waitFor(() => expect(b!.l1.size).toBe(0));
    expect(a!.cache.stats().bus).toMatchObject({ sent: sentBefore + 1 });
  });

  it('clears L1 when the bus reconnects after a gap, unless told to keep it', async () => {
    const cleared = instances(1);
    await cleared.list[0]!.cache.set('k', 1);
    cleared.hub.simulateReconnect();
    expect(cleared.list[0]!.l1.get('k')).toBeUndefined();

    const kept = instances(1, { onBusReconnect: 'keep' });
    await kept.list[0]!.cache.set('k', 1);
    kept.hub.simulateReconnect();
    expect(kept.list[0]!.l1.get('k')).toBe(1);
  });

  it('drops an update whose bytes do not decode instead of caching garbage', async () => {
    const hub = memoryBusHub();
    const l1 = memoryL1Store();
    createCache({ l1, bus: hub.connect() });
    l1.set('k', 'old', 60_000);
    await hub
      .connect()
      .publish({ type: 'update', key: 'k', value: new Uint8Array([0xff]), ttlMs: 1000 });
    await vi.waitFor(() => expect(l1.get('k')).toBeUndefined());
  });
});
