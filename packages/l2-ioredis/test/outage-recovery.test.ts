import { createCache, isTombstone, type MultiTierCache } from '@multi-tier-cache/core';
import { type RedisServer, startRedis, waitUntil } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ioredisStore } from '../src/index.js';
import { storedText } from './stored-value.js';

const prefix = 'outage-recovery:';

describe('writes that fail while Redis is down (ioredis)', () => {
  const servers: RedisServer[] = [];
  const opened: MultiTierCache[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.close()));
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  function instance(url: string): MultiTierCache {
    const cache = createCache({
      l2: [{ store: ioredisStore({ url, prefix }), recoveryProbeInterval: 100 }],
      timeout: 250,
      breaker: { failureThreshold: 2, cooldownMs: 100 },
    });
    opened.push(cache);
    return cache;
  }

  it('replays an invalidate and an updateCache once Redis is back, so its AOF copy is served by no instance', async () => {
    const redis = await startRedis({ persistent: true });
    servers.push(redis);
    const a = instance(redis.url);
    await a.set('user:1', 'old-1', { ttl: 60_000 });
    await a.set('user:2', 'old-2', { ttl: 60_000 });
    await redis.kill();

    await a.invalidate('user:1');
    await a.updateCache('user:2', 'new-2', { ttl: 60_000 });
    expect(a.stats().tiers[0]!.errors).toBeGreaterThan(0);

    await redis.restart();
    const admin = new Redis(redis.url);
    try {
      await waitUntil(
        'the missed writes to be replayed',
        async () => {
          const one = await admin.getBuffer(`${prefix}user:1`);
          const two = await storedText(admin, `${prefix}user:2`);
          return (one === null || isTombstone(one)) && two === '"new-2"';
        },
        10_000,
      );
    } finally {
      await admin.quit();
    }
    const b = instance(redis.url);
    expect(await b.get('user:1')).toBeUndefined();
    expect(await b.get('user:2')).toBe('new-2');
    expect(await a.get('user:1')).toBeUndefined();
    expect(await a.get('user:2')).toBe('new-2');
  });
});
