import {
  type CacheOptions,
  createCache,
  type L2Store,
  type MemoryL2Slot,
  memoryBusHub,
  memoryL1Store,
  memoryL2Store,
} from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One instance's view of a shared in-memory tier, counting its reads and lock attempts. */
function countingStore(data: Map<string, MemoryL2Slot>) {
  const store = memoryL2Store({ data });
  const counts = { reads: 0, acquires: 0 };
  let onAcquire = () => {};
  const acquired = new Promise<void>((resolve) => {
    onAcquire = resolve;
  });
  const counted: L2Store = {
    ...store,
    get(key) {
      counts.reads++;
      return store.get(key);
    },
    async acquireLock(key, ttlMs) {
      counts.acquires++;
      const token = await store.acquireLock!(key, ttlMs);
      onAcquire();
      return token;
    },
  };
  return { store: counted, counts, acquired };
}

/** A holder computing until released and a waiter on another instance, sharing one tier. */
function holderAndWaiter(options: Pick<CacheOptions, 'bus' | 'broadcastSets'>[]) {
  const data = new Map<string, MemoryL2Slot>();
  const [holder, waiter] = options.map((extra) => {
    const tier = countingStore(data);
    const cache = createCache({ l1: memoryL1Store(), l2: [tier.store], lock: true, ...extra });
    return { cache, ...tier };
  });
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const holding = holder!.cache.getOrCompute('k', async () => {
    await released;
    return 'from the holder';
  });
  return { holder: holder!, waiter: waiter!, release, holding };
}

describe('lock waiters', () => {
  it('wake when the holder’s write is announced on the bus, with one look at the shared tier', async () => {
    const hub = memoryBusHub();
    const { holder, waiter, release, holding } = holderAndWaiter([
      { bus: hub.connect() },
      { bus: hub.connect() },
    ]);
    await holder.acquired;
    const waiting = waiter.cache.getOrCompute('k', () => 'from the waiter');
    await waiter.acquired;
    const waitingSince = performance.now();
    // Long enough for a polling waiter to look many times (2 ms growing to 25 ms).
    await tick(60);
    // A loaded machine may stretch the tick past the bus waiter's fallback look (every 200 ms).
    const fallbackLooks = Math.floor((performance.now() - waitingSince) / 200);
    release();
    expect(await holding).toBe('from the holder');
    expect(await waiting).toBe('from the holder');
    // The lookup before the lock, then one look once woken: no polls while the holder computed.
    expect(waiter.counts.reads).toBeLessThanOrEqual(2 + fallbackLooks);
    expect(waiter.counts.acquires).toBeLessThanOrEqual(1 + fallbackLooks);
  });

  it('poll the shared tier with a bounded backoff when there is no bus', async () => {
    const { holder, waiter, release, holding } = holderAndWaiter([{}, {}]);
    await holder.acquired;
    const waiting = waiter.cache.getOrCompute('k', () => 'from the waiter');
    await waiter.acquired;
    await tick(60);
    release();
    await holding;
    expect(await waiting).toBe('from the holder');
    expect(waiter.counts.reads).toBeGreaterThan(3);
  });

  it('poll when the other instances do not announce their sets on the bus', async () => {
    const hub = memoryBusHub();
    const { holder, waiter, release, holding } = holderAndWaiter([
      { bus: hub.connect() },
      { bus: hub.connect(), broadcastSets: false },
    ]);
    await holder.acquired;
    const waiting = waiter.cache.getOrCompute('k', () => 'from the waiter');
    await waiter.acquired;
    await tick(60);
    release();
    await holding;
    expect(await waiting).toBe('from the holder');
    expect(waiter.counts.reads).toBeGreaterThan(3);
  });

  it('take over long before the lease ends when the holder’s computation fails and announces nothing', async () => {
    const hub = memoryBusHub();
    const data = new Map<string, MemoryL2Slot>();
    const [holder, waiter] = [0, 1].map(() =>
      createCache({
        l1: memoryL1Store(),
        l2: [memoryL2Store({ data })],
        lock: { ttl: '10s' },
        bus: hub.connect(),
      }),
    );
    const failing = holder!.getOrCompute('k', async () => {
      await tick(30);
      throw new Error('database down');
    });
    await tick(5);
    const waiting = waiter!.getOrCompute('k', () => 'from the waiter');
    await expect(failing).rejects.toThrow('database down');
    expect(await waiting).toBe('from the waiter');
  }, 3_000);
});
