import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';

const prefix = `pattern-own-${process.pid}:`;

describe('invalidatePattern and reads of the same instance while it runs', () => {
  const opened: MultiTierCache[] = [];

  function instance(): MultiTierCache {
    const cache = createCache({
      l1: memoryL1Store(),
      l2: ioredisStore({ url: inject('redisUrl'), prefix }),
      timeout: 1000,
    });
    opened.push(cache);
    return cache;
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.clear().finally(() => cache.close())));
  });

  it('leaves no value in L1 that a read took from Redis before the pattern deletion landed there', async () => {
    const cache = instance();
    await cache.set('user:1', 'old', { ttl: '10m' });
    const invalidating = cache.invalidatePattern('user:*');
    // L1 is already emptied; Redis answers this GET before the pattern deletion has run.
    const read = cache.get('user:1');
    await invalidating;
    await read;
    expect(cache.peekL1('user:1')).toBeUndefined();
    expect(await cache.get('user:1')).toBeUndefined();
  });
});
