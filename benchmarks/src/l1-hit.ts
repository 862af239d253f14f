import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { LRUCache } from 'lru-cache';
import { compare, type Row, timeRow } from './harness.js';

const KEYS = Array.from({ length: 1000 }, (_, i) => `user:${i}`);
const VALUE = { id: 1, name: 'Ada Lovelace', roles: ['admin'] };
const ITERATIONS = 1_000_000;

/** L1 hit: `await cache.get(k)` against `await lru.get(k)` on lru-cache itself, same keys, same run. */
export async function benchL1Hit(): Promise<Row[]> {
  const lru = new LRUCache<string, object>({ max: 2000, ttl: 300_000 });
  const viaLru = createCache({ l1: lruStore({ maxEntries: 2000 }) });
  const viaMemory = createCache({ l1: memoryL1Store({ maxEntries: 2000 }) });
  for (const key of KEYS) {
    lru.set(key, VALUE);
    await viaLru.set(key, VALUE);
    await viaMemory.set(key, VALUE);
  }
  const raw = (i: number) => lru.get(KEYS[i % 1000]!);
  const rows = [
    timeRow(
      'L1 hit',
      'cache.get (l1-lru) vs await lru.get',
      await compare(
        (i) => viaLru.get(KEYS[i % 1000]!),
        async (i) => await raw(i),
        { iterations: ITERATIONS },
      ),
      3,
    ),
    timeRow(
      'L1 hit',
      'cache.getOrCompute (l1-lru) vs await lru.get',
      await compare(
        (i) => viaLru.getOrCompute(KEYS[i % 1000]!, () => VALUE),
        async (i) => await raw(i),
        { iterations: ITERATIONS },
      ),
      3,
    ),
    timeRow(
      'L1 hit',
      'cache.get (core memory L1) vs await lru.get',
      await compare(
        (i) => viaMemory.get(KEYS[i % 1000]!),
        async (i) => await raw(i),
        { iterations: ITERATIONS },
      ),
    ),
  ];
  await Promise.all([viaLru.close(), viaMemory.close()]);
  return rows;
}
