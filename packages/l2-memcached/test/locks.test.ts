import { randomUUID } from 'node:crypto';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { memcachedStore } from '../src/index.js';

const url = inject('memcachedUrl');
const closers: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(closers.map((close) => close())));

function instance(prefix: string, lockTtl: number) {
  const cache = createCache({
    l1: memoryL1Store(),
    l2: [memcachedStore({ servers: url, prefix })],
    lock: { ttl: lockTtl },
  });
  closers.push(() => cache.close());
  return cache;
}

describe('locks on memcached leases', () => {
  it('runs one computation for a cold key across 8 instances × 125 callers', async () => {
    const prefix = `locks:${randomUUID()}:`;
    const caches = Array.from({ length: 8 }, () => instance(prefix, 5_000));
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'computed';
    };
    const values = await Promise.all(
      caches.flatMap((cache) =>
        Array.from({ length: 125 }, () => cache.getOrCompute('cold', compute)),
      ),
    );
    expect(runs).toBe(1);
    expect(new Set(values)).toEqual(new Set(['computed']));
  });

  it('lets a holder whose lease was replaced write nothing over the newer value', async () => {
    const prefix = `locks:${randomUUID()}:`;
    const store = memcachedStore({ servers: url, prefix });
    closers.push(() => store.close());
    const token = await store.acquireLock!('k', 5_000);
    expect(token).toBeDefined();
    await store.set('k', new TextEncoder().encode('newer'), 60_000);
    expect(await store.setIfLockHeld!('k', token!, new TextEncoder().encode('late'), 60_000)).toBe(
      false,
    );
    expect(new TextDecoder().decode((await store.get('k'))?.value)).toContain('newer');
  });
});
