import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';

const prefix = `ioredis-batch-${process.pid}:`;

describe('batch operations over ioredisStore', () => {
  const opened: MultiTierCache[] = [];
  let admin: Redis;

  function cacheOn(url: string): MultiTierCache {
    const cache = createCache({ l1: memoryL1Store(), l2: [ioredisStore({ url, prefix })] });
    opened.push(cache);
    return cache;
  }

  beforeAll(() => {
    admin = new Redis(inject('redisUrl'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.clear().finally(() => cache.close())));
  });
  afterAll(async () => {
    await admin.quit();
  });

  it('computes the 50 uncached keys of 100 in one factory call, and a concurrent getOrCompute joins it', async () => {
    const writer = cacheOn(inject('redisUrl'));
    const keys = Array.from({ length: 100 }, (_, index) => `item:${index}`);
    const cached = keys.filter((_, index) => index % 2 === 0);
    const uncached = keys.filter((_, index) => index % 2 === 1);
    await writer.setMany(cached.map((key) => ({ key, value: `stored ${key}`, ttl: '1m' })));

    const reader = cacheOn(inject('redisUrl'));
    const asked: string[][] = [];
    let singleComputations = 0;
    const many = reader.getOrComputeMany(
      keys,
      async (missing) => {
        asked.push([...missing]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return new Map(missing.map((key) => [key, `computed ${key}`]));
      },
      { ttl: '1m' },
    );
    const single = reader.getOrCompute('item:1', () => {
      singleComputations++;
      return 'single';
    });

    const values = await many;
    expect(asked).toEqual([uncached]);
    expect(values).toEqual(
      keys.map((key, index) => (index % 2 === 0 ? `stored ${key}` : `computed ${key}`)),
    );
    expect(await single).toBe('computed item:1');
    expect(singleComputations).toBe(0);
    expect(reader.stats()).toMatchObject({ computations: 1, coalesced: 1 });
    await expect.poll(async () => admin.get(`${prefix}item:99`)).toContain('computed item:99');
  });

  it('reads 100 keys with one getMany and answers in key order', async () => {
    const cache = cacheOn(inject('redisUrl'));
    const keys = Array.from({ length: 100 }, (_, index) => `read:${index}`);
    await cache.setMany(keys.slice(0, 60).map((key) => ({ key, value: key })));
    const reader = cacheOn(inject('redisUrl'));
    const values = await reader.getMany(keys);
    expect(values).toEqual(keys.map((key, index) => (index < 60 ? key : undefined)));
    expect(reader.stats()).toMatchObject({ requests: 100, l2Hits: 60, misses: 40 });
    expect(await reader.delete(keys)).toBe(60);
    expect(await reader.has('read:0')).toBe(false);
  });
});
