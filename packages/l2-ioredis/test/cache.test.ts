import {
  createCache,
  type L1Store,
  type MultiTierCache,
  memoryL1Store,
} from '@multi-tier-cache/core';
import { type RedisServer, startRedis, waitUntil } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';
import { storedText } from './stored-value.js';

const prefix = `ioredis-cache-${process.pid}:`;

describe('createCache with ioredisStore', () => {
  const opened: MultiTierCache[] = [];
  let admin: Redis;

  function cacheOn(url: string, l1: L1Store = memoryL1Store(), timeout = 500): MultiTierCache {
    const cache = createCache({
      l1,
      l2: [ioredisStore({ url, prefix })],
      timeout,
      breaker: { failureThreshold: 3, cooldownMs: 100 },
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

  it('promotes with the TTL Redis still has', async () => {
    const writer = cacheOn(inject('redisUrl'));
    await writer.set('promoted', { name: 'Ada' }, { ttl: '60s' });
    await waitUntil('a second of the TTL to pass', async () => {
      return (await admin.pttl(`${prefix}promoted`)) <= 59_000;
    });
    const l1 = memoryL1Store();
    const reader = cacheOn(inject('redisUrl'), l1);
    const before = await admin.pttl(`${prefix}promoted`);
    expect(await reader.get('promoted')).toEqual({ name: 'Ada' });
    const after = await admin.pttl(`${prefix}promoted`);
    const promoted = l1.getWithTtl('promoted');
    expect(promoted?.value).toEqual({ name: 'Ada' });
    expect(promoted!.ttlMs).toBeLessThanOrEqual(before);
    expect(promoted!.ttlMs).toBeGreaterThanOrEqual(after - 250);
  });

  it('runs one computation for 1000 concurrent callers of a cold key', async () => {
    const cache = cacheOn(inject('redisUrl'));
    let computations = 0;
    const values = await Promise.all(
      Array.from({ length: 1000 }, () =>
        cache.getOrCompute(
          'cold',
          async () => {
            computations++;
            await new Promise((resolve) => setTimeout(resolve, 20));
            return { computed: true };
          },
          { ttl: '1m' },
        ),
      ),
    );
    expect(computations).toBe(1);
    expect(values.every((value) => value.computed)).toBe(true);
    // Written behind the callers (a fenced write: its first EVALSHA may need an EVAL after it).
    await waitUntil(
      'the computed value in Redis',
      async () => (await storedText(admin, `${prefix}cold`)) === '{"computed":true}',
    );
  });

  describe('on its own redis-server', () => {
    let redis: RedisServer;
    let direct: Redis;
    beforeAll(async () => {
      redis = await startRedis();
      direct = new Redis(redis.url, { maxRetriesPerRequest: 1, commandTimeout: 1000 });
      direct.on('error', () => {});
    });
    afterAll(async () => {
      direct.disconnect();
      await redis.stop();
    });

    /** Polls until a cache.set reaches Redis (the cache itself never rejects while it is down). */
    async function waitForWritesToLand(cache: MultiTierCache, key: string): Promise<void> {
      let attempt = 0;
      await waitUntil(`a write to ${key} to reach Redis`, async () => {
        const marker = `v${++attempt}`;
        await cache.set(key, marker, { ttl: '1m' });
        return (await storedText(direct, `${prefix}${key}`)) === JSON.stringify(marker);
      });
    }

    it('keeps answering reads while Redis is killed, and writes again after the restart', async () => {
      const cache = cacheOn(redis.url);
      await cache.set('steady', 'value', { ttl: '10m' });
      let stop = false;
      let reads = 0;
      const loops = Array.from({ length: 8 }, async (_, loop) => {
        while (!stop) {
          await cache.get(loop % 2 ? 'steady' : `missing-${loop}`);
          reads++;
          // L1 hits resolve without I/O: let timers and sockets run between reads.
          await new Promise(setImmediate);
        }
      });
      await waitUntil('reads to flow', async () => reads > 100);
      await redis.kill();
      const readsAtKill = reads;
      await waitUntil('reads to go on without Redis', async () => reads > readsAtKill + 200);
      stop = true;
      const settled = await Promise.allSettled(loops);
      expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);

      await redis.restart();
      await waitForWritesToLand(cache, 'after-restart');
    });

    it('rejects a store call to a paused server after commandTimeout instead of hanging', async () => {
      const store = ioredisStore({ url: redis.url, prefix, commandTimeout: 300 });
      try {
        await store.set('hung', new Uint8Array([1]), 60_000);
        redis.pause();
        const started = performance.now();
        const calls = await Promise.allSettled([
          store.get('hung'),
          store.set('hung', new Uint8Array([2]), 60_000),
          store.getMany(['hung', 'other']),
        ]);
        expect(calls.map((call) => call.status)).toEqual(['rejected', 'rejected', 'rejected']);
        expect(performance.now() - started).toBeLessThan(300 + 1000);
      } finally {
        redis.resume();
      }
      await waitUntil(
        'the store to answer again',
        async () => (await store.get('hung')) !== undefined,
      );
      await store.close();
    });

    it('answers every call within the timeout while Redis is paused, then recovers', async () => {
      const timeout = 200;
      const cache = cacheOn(redis.url, memoryL1Store(), timeout);
      await waitForWritesToLand(cache, 'before-pause');
      redis.pause();
      try {
        const calls = Array.from({ length: 30 }, async (_, i) => {
          const started = performance.now();
          if (i % 3 === 0) await cache.get(`paused-${i}`);
          else if (i % 3 === 1) await cache.getOrCompute(`paused-${i}`, () => i, { ttl: '1m' });
          else await cache.set(`paused-${i}`, i, { ttl: '1m' });
          return performance.now() - started;
        });
        const settled = await Promise.allSettled(calls);
        expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
        for (const result of settled) {
          if (result.status === 'fulfilled') expect(result.value).toBeLessThan(timeout + 1000);
        }
      } finally {
        redis.resume();
      }
      await waitForWritesToLand(cache, 'after-pause');
    });
  });
});
