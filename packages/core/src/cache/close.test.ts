import { describe, expect, it } from 'vitest';
import type { Bus } from '../bus/bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('close() means closed', () => {
  it('rejects every method with CacheError("closed"), even for a key L1 held', async () => {
    const cache = createCache({ l1: memoryL1Store(), l2: [memoryL2Store()] });
    await cache.set('k', 1);
    await cache.close();
    const calls: [string, () => Promise<unknown>][] = [
      ['get', () => cache.get('k')],
      ['get (absent)', () => cache.get('absent')],
      ['getOrCompute', () => cache.getOrCompute('k', () => 2)],
      ['healthCheck', () => cache.healthCheck()],
      ['set', () => cache.set('k', 2)],
      ['delete', () => cache.delete('k')],
      ['invalidate', () => cache.invalidate('k')],
      ['updateCache', () => cache.updateCache('k', 2)],
      ['setWithBroadcast', () => cache.setWithBroadcast('k', 2)],
      ['invalidatePattern', () => cache.invalidatePattern('k*')],
      ['clear', () => cache.clear()],
    ];
    for (const [name, run] of calls) {
      await expect(run(), name).rejects.toMatchObject({ code: 'closed' });
    }
    expect(cache.peekL1('k')).toBeUndefined();
    await expect(cache.close()).resolves.toBeUndefined();
  });

  it('lets a computation under way finish for its callers but write nothing', async () => {
    const data = new Map<string, MemoryL2Slot>();
    const l1 = memoryL1Store();
    const cache = createCache({ l1, l2: [memoryL2Store({ data })] });
    const gate = deferred<string>();
    const pending = cache.getOrCompute('k', () => gate.promise);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cache.close();
    gate.resolve('late');
    expect(await pending).toBe('late');
    expect(l1.get('k')).toBeUndefined();
    expect(data.size).toBe(0);
  });

  it('closes the stores even when the bus fails to close or to unsubscribe', async () => {
    let storeClosed = 0;
    const bus: Bus = {
      publish: async () => {},
      subscribe: () => () => {
        throw new Error('not connected yet');
      },
      close: () => {
        throw new Error('not connected yet');
      },
    };
    const store = { ...memoryL2Store(), close: async () => void storeClosed++ };
    const cache = createCache({ l2: [store], bus });
    await expect(cache.close()).resolves.toBeUndefined();
    expect(storeClosed).toBe(1);
  });

  it('waits at most one timeout for a bus or store that never finishes closing', async () => {
    const bus: Bus = {
      publish: async () => {},
      subscribe: () => () => {},
      close: () => new Promise(() => {}),
    };
    const store = { ...memoryL2Store(), close: () => new Promise<void>(() => {}) };
    const cache = createCache({ l2: [store], bus, timeout: 50 });
    await expect(cache.close()).resolves.toBeUndefined();
  });
});
