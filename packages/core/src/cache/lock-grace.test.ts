import { describe, expect, it } from 'vitest';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { type MemoryL2Slot, memoryL2Store } from '../memory/memory-l2-store.js';
import type { L2Store } from '../stores/l2-store.js';
import type { CacheOptions } from './cache-options.js';
import { createCache } from './create-cache.js';
import type { MultiTierCache } from './multi-tier-cache.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Several instances sharing one in-memory "server"; `wrap` changes each instance's store. */
function instances(count: number, options: CacheOptions, wrap = (store: L2Store) => store) {
  const data = new Map<string, MemoryL2Slot>();
  const store = () => memoryL2Store({ data });
  const caches = Array.from({ length: count }, () =>
    createCache({ l1: memoryL1Store(), l2: [wrap(store())], ...options }),
  );
  return { caches, store: store() };
}

/** Caches `key` as 'old' on the first instance, then makes it stale everywhere (kept for grace). */
async function staleKey(caches: readonly MultiTierCache[], key: string) {
  await caches[0]!.getOrCompute(key, () => 'old', { ttl: '1h' });
  await caches[0]!.expire(key);
}

describe('locks with a stale (graced) value', () => {
  it('emits a stale event with reason lock for a caller served while another instance recomputes', async () => {
    const { caches, store } = instances(1, { lock: { ttl: '5s' }, grace: '1h' });
    const [cache] = caches;
    await staleKey(caches, 'k');
    const lease = await store.acquireLock!('k', 5_000, { replacing: true });
    expect(lease).toBeTypeOf('string');
    const reasons: string[] = [];
    cache!.on('stale', ({ reason }) => reasons.push(reason));
    let runs = 0;
    expect(await cache!.getOrCompute('k', () => ++runs)).toBe('old');
    expect(runs).toBe(0);
    expect(reasons).toEqual(['lock']);
  });

  it('recomputes a stale entry without a lease on a store without replacing leases, as before', async () => {
    const withoutReplacing = (store: L2Store): L2Store => ({
      ...store,
      capabilities: { ...store.capabilities, replacingLocks: false },
      acquireLock: (key, ttlMs) => store.acquireLock!(key, ttlMs),
    });
    const { caches } = instances(3, { lock: { ttl: '5s' }, grace: '1h' }, withoutReplacing);
    await staleKey(caches, 'k');
    let runs = 0;
    const compute = async () => {
      runs++;
      await tick(20);
      return 'new';
    };
    const values = await Promise.all(caches.map((cache) => cache.getOrCompute('k', compute)));
    expect(values).toEqual(['new', 'new', 'new']);
    expect(runs).toBe(3);
  });

  it('waits for the holder on a real miss, as before', async () => {
    const { caches } = instances(3, { lock: { ttl: '5s' }, grace: '1h' });
    let runs = 0;
    const compute = async () => {
      runs++;
      await tick(20);
      return 'v';
    };
    const values = await Promise.all(caches.map((cache) => cache.getOrCompute('cold', compute)));
    expect(values).toEqual(['v', 'v', 'v']);
    expect(runs).toBe(1);
  });
});
