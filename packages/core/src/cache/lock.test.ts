import { describe, expect, it } from 'vitest';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import type { L2Store } from '../stores/l2-store.js';
import type { CacheOptions } from './cache-options.js';
import { createCache } from './create-cache.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

/** Several instances sharing one in-memory "server". */
function instances(count: number, options: CacheOptions = {}) {
  const data = new Map<string, MemoryL2Slot>();
  const store = () => memoryL2Store({ data });
  const caches = Array.from({ length: count }, () =>
    createCache({ l1: memoryL1Store(), l2: [store()], ...options }),
  );
  return { caches, store: store() };
}

describe('distributed single flight', () => {
  it('runs one computation for a cold key across 8 instances × 125 callers', async () => {
    const { caches } = instances(8, { lock: { ttl: '5s' } });
    let runs = 0;
    const compute = async () => {
      runs++;
      await tick(20);
      return 'computed';
    };
    const values = await Promise.all(
      caches.flatMap((cache) =>
        Array.from({ length: 125 }, () => cache.getOrCompute('cold', compute)),
      ),
    );
    expect(runs).toBe(1);
    expect(new Set(values)).toEqual(new Set(['computed']));
    for (const cache of caches) {
      const stats = cache.stats();
      expect(stats.requests).toBe(stats.hits + stats.misses);
    }
  });

  it('is off by default: each instance computes', async () => {
    const { caches } = instances(2);
    let runs = 0;
    const compute = async () => {
      runs++;
      await tick(10);
      return 'v';
    };
    await Promise.all(caches.map((cache) => cache.getOrCompute('k', compute)));
    expect(runs).toBe(2);
  });

  it('turns on per call, and off per call', async () => {
    const { caches } = instances(2);
    let runs = 0;
    const compute = async () => {
      runs++;
      await tick(10);
      return 'v';
    };
    await Promise.all(caches.map((cache) => cache.getOrCompute('on', compute, { lock: true })));
    expect(runs).toBe(1);
    const locked = instances(2, { lock: true });
    await Promise.all(
      locked.caches.map((cache) => cache.getOrCompute('off', compute, { lock: false })),
    );
    expect(runs).toBe(3);
  });

  it('lets a holder whose lease expired write nothing over the newer value', async () => {
    const { caches, store } = instances(2, { lock: { ttl: 30, wait: '1s' } });
    const [slow, fast] = caches;
    let releaseSlow!: () => void;
    const slowDone = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const late = slow!.getOrCompute('k', async () => {
      await slowDone;
      return 'late';
    });
    await tick(5);
    expect(await fast!.getOrCompute('k', () => 'newer')).toBe('newer');
    releaseSlow();
    expect(await late).toBe('late');
    await tick(5);
    expect(text((await store.get('k'))?.value)).toBe('"newer"');
  });

  it('stops waiting after `wait` and computes itself, counted', async () => {
    const { caches } = instances(2, { lock: { ttl: '10s', wait: 20 } });
    const [holder, waiter] = caches;
    let finishHolder!: () => void;
    const holding = holder!.getOrCompute(
      'k',
      () =>
        new Promise<string>((resolve) => {
          finishHolder = () => resolve('holder');
        }),
    );
    await tick(5);
    expect(await waiter!.getOrCompute('k', () => 'waiter')).toBe('waiter');
    expect(waiter!.stats().lockWaitsExpired).toBe(1);
    finishHolder();
    expect(await holding).toBe('holder');
  });

  it('takes over from a holder that died once its lease expires', async () => {
    const { caches, store } = instances(1, { lock: { ttl: 40 } });
    const dead = await store.acquireLock!('k', 40);
    expect(dead).toBeDefined();
    let runs = 0;
    const value = await caches[0]!.getOrCompute('k', () => {
      runs++;
      return 'taken over';
    });
    expect(value).toBe('taken over');
    expect(runs).toBe(1);
    expect(await store.setIfLockHeld!('k', dead!, new Uint8Array([1]), 1000)).toBe(false);
  });

  it('waits for the value and never computes when the holder writes it', async () => {
    const { caches } = instances(2, { lock: true });
    const [holder, waiter] = caches;
    const holding = holder!.getOrCompute('k', async () => {
      await tick(30);
      return 'holder';
    });
    await tick(5);
    let waiterRuns = 0;
    const waited = await waiter!.getOrCompute('k', () => {
      waiterRuns++;
      return 'waiter';
    });
    expect(waited).toBe('holder');
    expect(waiterRuns).toBe(0);
    expect(waiter!.stats()).toMatchObject({ requests: 1, hits: 1, misses: 0 });
    await holding;
  });

  it('works with a store without locks, computing as without them', async () => {
    const base = memoryL2Store();
    const plain: L2Store = {
      ...base,
      capabilities: { deleteMatching: true, remainingTtl: true },
      acquireLock: undefined,
    };
    const cache = createCache({ l2: [plain], lock: true });
    expect(await cache.getOrCompute('k', () => 'v')).toBe('v');
  });

  it('rejects a bad lock option without registering the call', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    await expect(cache.getOrCompute('k', () => 1, { lock: { ttl: -1 } })).rejects.toMatchObject({
      code: 'invalid-ttl',
    });
    expect(cache.stats().requests).toBe(0);
  });
});
