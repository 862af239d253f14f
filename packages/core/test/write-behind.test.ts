import { createCache, type L2Store } from '@multi-tier-cache/core';
import { type RedisServer, startRedis, waitUntil } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The least L2Store a real Redis needs for this test; the real stores live in their packages. */
function plainRedisStore(client: Redis, prefix: string) {
  const writes = { started: 0, finished: 0 };
  const store: L2Store = {
    name: 'redis',
    capabilities: { deleteMatching: false, remainingTtl: true },
    async get(key) {
      const [value, ttl] = await client
        .multi()
        .getBuffer(prefix + key)
        .pttl(prefix + key)
        .exec()
        .then((replies) => replies!.map(([, reply]) => reply) as [Buffer | null, number]);
      return value === null
        ? undefined
        : { value: new Uint8Array(value), ttlMs: ttl > 0 ? ttl : undefined };
    },
    async getMany(keys) {
      return Promise.all(keys.map((key) => store.get(key)));
    },
    async set(key, value, ttlMs) {
      writes.started++;
      await client.set(prefix + key, Buffer.from(value), 'PX', ttlMs);
      writes.finished++;
    },
    async setMany(entries) {
      for (const entry of entries) await store.set(entry.key, entry.value, entry.ttlMs);
    },
    async delete(keys) {
      return client.del(...keys.map((key) => prefix + key));
    },
    async clear() {},
    async ping() {
      const started = performance.now();
      await client.ping();
      return performance.now() - started;
    },
    async close() {},
  };
  return { store, writes };
}

describe('getOrCompute against a hung Redis (SIGSTOP)', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    client.on('error', () => {});
    await client.ping();
  });
  afterAll(async () => {
    redis.resume();
    client.disconnect();
    await redis.stop();
  });

  it('hands out the computed value after one deadline, with the shared-tier write still behind it', async () => {
    const { store, writes } = plainRedisStore(client, `core-write-behind-${process.pid}:`);
    const cache = createCache({ l2: [store], timeout: 1000 });
    redis.pause();
    let value: unknown;
    try {
      value = await cache.getOrCompute('cold', () => 'computed', { ttl: '1m' });
      // The read used the one deadline; the write has started and is still waiting for Redis.
      expect(value).toBe('computed');
      expect(writes).toEqual({ started: 1, finished: 0 });
      // Only the read's deadline has passed: the caller never waited out the write's.
      expect(cache.stats().tiers[0]!.timeouts).toBe(1);
      expect(cache.peekL1('cold')).toBe('computed');
    } finally {
      redis.resume();
    }
    await waitUntil('the write to reach Redis once it answers', async () => writes.finished === 1);
    expect((await client.get(`core-write-behind-${process.pid}:cold`)) ?? '').toBe('"computed"');
    await cache.close();
  });
});
