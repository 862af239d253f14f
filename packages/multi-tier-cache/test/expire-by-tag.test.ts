import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisTransport, type RedisBus, redisBus } from '@multi-tier-cache/invalidation';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';

const redisUrl = inject('redisUrl');
const down = () => Promise.reject(new Error('database down'));
const graced = { ttl: '1m', grace: '1h', tags: 'product:7' } as const;

const opened: MultiTierCache[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
});

let run = 0;
/** Two instances with their own connections, sharing one Redis prefix and one bus channel. */
async function pair() {
  run++;
  const prefix = `mtc-expire-tag-${process.pid}-${run}:`;
  const channel = `${prefix}invalidate`;
  const list: { cache: MultiTierCache; bus: RedisBus }[] = [];
  for (let index = 0; index < 2; index++) {
    const bus = redisBus({ transport: ioredisTransport({ url: redisUrl }), channel });
    await bus.ready;
    const cache = createCache({
      l1: memoryL1Store(),
      l2: [ioredisStore({ url: redisUrl, prefix })],
      bus,
    });
    opened.push(cache);
    list.push({ cache, bus });
  }
  /** An instance that heard nothing: no bus, empty L1, reading Redis alone. */
  const outsider = () => {
    const cache = createCache({
      l1: memoryL1Store(),
      l2: [ioredisStore({ url: redisUrl, prefix })],
    });
    opened.push(cache);
    return cache;
  };
  return { a: list[0]!, b: list[1]!, outsider };
}

describe('expireByTag on Redis across instances', () => {
  it('A expires a tag: B serves its entries only as stale fallbacks, others stay fresh', async () => {
    const { a, b, outsider } = await pair();
    await a.cache.set('page:1', 'p1', graced);
    await a.cache.set('page:2', 'p2', { ttl: '1m', grace: '1h', tags: 'product:9' });
    await a.cache.set('page:3', 'p3', { tags: 'product:7' });
    for (const key of ['page:1', 'page:2', 'page:3']) expect(await b.cache.get(key)).toBeDefined();
    await a.cache.expireByTag('product:7');
    await vi.waitFor(() => expect(b.cache.peekL1('page:1')).toBeUndefined());
    for (const cache of [a.cache, b.cache, outsider()]) {
      expect(await cache.get('page:1')).toBeUndefined();
      expect(await cache.get('page:2')).toBe('p2');
      // Without grace, expired is gone.
      expect(await cache.get('page:3')).toBeUndefined();
      await expect(cache.getOrCompute('page:3', down, { tags: 'product:7' })).rejects.toThrow(
        'database down',
      );
    }
    expect(await b.cache.getOrCompute('page:1', down, graced)).toBe('p1');
    expect(await outsider().getOrCompute('page:1', down, graced)).toBe('p1');
    expect(await a.cache.getOrCompute('page:1', () => 'p1 new', graced)).toBe('p1 new');
    expect(await outsider().get('page:1')).toBe('p1 new');
  });

  it('B, whose subscriber was killed while A expired the tag, never serves the entry as fresh', async () => {
    const { a, b } = await pair();
    await a.cache.set('page:1', 'old', graced);
    expect(await b.cache.get('page:1')).toBe('old');
    const reconnects = b.bus.stats().reconnects;
    const admin = new Redis(redisUrl);
    try {
      await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    } finally {
      admin.disconnect();
    }
    await a.cache.expireByTag('product:7');
    for (let reads = 0; reads < 200 && b.bus.stats().reconnects === reconnects; reads++) {
      expect(await b.cache.get('page:1')).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await vi.waitFor(() => expect(b.bus.stats().subscribed).toBe(true));
    expect(await b.cache.get('page:1')).toBeUndefined();
    expect(await b.cache.getOrCompute('page:1', down, graced)).toBe('old');
  });
});
