import { createCache } from '@multi-tier-cache/core';
import { type RedisServer, startRedis, waitUntil } from '@multi-tier-cache/test-servers';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';

const TIMEOUT_MS = 250;
/** Generous allowance over the cache timeout for a loaded machine. */
const SLACK_MS = 1500;

describe('nodeRedisStore through createCache when Redis fails', () => {
  const servers: RedisServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  it('never rejects a read while Redis is SIGKILLed, and writes reach Redis again after a restart', async () => {
    const redis = await startRedis({ persistent: true });
    servers.push(redis);
    const cache = createCache({
      l2: nodeRedisStore({ url: redis.url, prefix: 'outage-kill:', maxReconnectDelayMs: 200 }),
      timeout: TIMEOUT_MS,
      l1MaxTtl: 1,
    });
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, i, { ttl: 60_000 });

    let reads = 0;
    let rejected = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        // Yield to timers and I/O: with the breaker open, every call settles in a microtask.
        await new Promise((resolve) => setImmediate(resolve));
        for (let i = 0; i < 10; i++) {
          await cache.get(`k${i}`).then(
            () => reads++,
            () => rejected++,
          );
        }
      }
    })();
    await waitUntil('reads before the kill', async () => reads > 50);
    await redis.kill();
    await waitUntil('the cache to count the outage', async () => {
      const tier = cache.stats().tiers[0]!;
      return tier.errors + tier.timeouts > 0;
    });
    const duringOutage = reads;
    await waitUntil('reads going on while Redis is down', async () => reads > duringOutage + 100);
    await redis.restart();

    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      await waitUntil(
        'a write through the cache to reach Redis again',
        async () => {
          await cache.set('after', 'restart', { ttl: 60_000 });
          return (await raw.get('outage-kill:after')) !== null;
        },
        20_000,
      );
    } finally {
      await raw.close();
    }
    running = false;
    await loop;
    await cache.close();
    expect(rejected).toBe(0);
  });

  it('answers every call within the cache timeout while Redis is SIGSTOPped', async () => {
    const redis = await startRedis();
    servers.push(redis);
    const cache = createCache({
      l2: nodeRedisStore({ url: redis.url, prefix: 'outage-stop:' }),
      timeout: TIMEOUT_MS,
      l1MaxTtl: 1,
    });
    await cache.set('k', 'v', { ttl: 60_000 });
    redis.pause();
    try {
      let slowest = 0;
      const timed = async <T>(call: () => Promise<T>): Promise<T> => {
        const start = performance.now();
        const result = await call();
        slowest = Math.max(slowest, performance.now() - start);
        return result;
      };
      for (let i = 0; i < 8; i++) {
        const value = await timed(() => cache.get('k'));
        expect(value === undefined || value === 'v').toBe(true);
        await timed(() => cache.set(`w${i}`, i, { ttl: 60_000 }));
        expect(await timed(() => cache.getOrCompute(`c${i}`, () => i))).toBe(i);
      }
      expect(slowest).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    } finally {
      redis.resume();
    }
    await waitUntil('Redis to answer after SIGCONT', async () =>
      (await cache.healthCheck()).tiers.every((tier) => tier.healthy),
    );
    await cache.close();
  });
});
