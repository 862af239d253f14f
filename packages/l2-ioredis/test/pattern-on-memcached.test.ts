import {
  createCache,
  isTombstone,
  type MultiTierCache,
  memoryL1Store,
} from '@multi-tier-cache/core';
// The memcached store from its sources: this test needs both kinds of tier.
import { memcachedStore } from '@multi-tier-cache/l2-memcached';
import { waitUntil } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';

const prefix = `pattern-mc-${process.pid}:`;

describe('invalidatePattern with a memcached tier behind Redis', () => {
  const opened: MultiTierCache[] = [];
  let admin: Redis;

  function instance(): MultiTierCache {
    const cache = createCache({
      l1: memoryL1Store(),
      l2: [
        ioredisStore({ url: inject('redisUrl'), prefix }),
        memcachedStore({ servers: inject('memcachedUrl'), prefix }),
      ],
      timeout: 1000,
    });
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

  it('does not promote values memcached still holds from before the pattern invalidation, on any instance', async () => {
    const a = instance();
    await a.set('user:1', 'old-1');
    await a.set('user:2', 'old-2');
    await a.set('other:1', 'kept');
    await a.invalidatePattern('user:*');
    const invalidatedAt = Date.now();

    const b = instance();
    expect(await b.get('user:1')).toBeUndefined();
    expect(await b.getMany(['user:2', 'other:1'])).toEqual([undefined, 'kept']);
    expect(await a.get('user:1')).toBeUndefined();
    expect(await b.has('user:2')).toBe(false);
    for (const key of ['user:1', 'user:2']) {
      const raw = await admin.getBuffer(`${prefix}${key}`);
      expect(raw === null || isTombstone(raw)).toBe(true);
    }

    // Past the clock-skew allowance, a value written after the invalidation is served from memcached.
    await waitUntil(
      'the clock to pass the allowance',
      async () => Date.now() > invalidatedAt + 150,
    );
    await a.set('user:3', 'new-3');
    await admin.del(`${prefix}user:3`);
    const c = instance();
    expect(await c.get('user:3')).toBe('new-3');
  });

  it('writes nothing to either tier from a computation that started before another instance invalidated the pattern', async () => {
    const a = instance();
    const b = instance();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const computing = new Promise<void>((resolve) => {
      started = resolve;
    });
    const onA = a.getOrCompute('user:9', async () => {
      const read = 'v1';
      started();
      await gate;
      return read;
    });
    await computing;
    await b.invalidatePattern('user:*');
    const invalidatedAt = Date.now();
    // Past the clock-skew allowance: A's value is written well after the invalidation.
    await waitUntil(
      'the clock to pass the allowance',
      async () => Date.now() > invalidatedAt + 150,
    );
    release();
    expect(await onA).toBe('v1');
    // The computed write is not awaited by getOrCompute: give it time to land (or be refused).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await admin.getBuffer(`${prefix}user:9`)).toBeNull();
    // A fresh instance misses Redis and reads memcached: it must not find A's older value there.
    const c = instance();
    expect(await c.get('user:9')).toBeUndefined();
  });
});
