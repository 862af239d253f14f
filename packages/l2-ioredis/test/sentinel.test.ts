import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { type SentinelSet, startSentinelSet, waitUntil } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ioredisStore } from '../src/index.js';
import { storedText } from './stored-value.js';

const prefix = `ioredis-sentinel-${process.pid}:`;

describe('ioredisStore through Sentinel', () => {
  let set: SentinelSet;
  beforeAll(async () => {
    set = await startSentinelSet({ downAfterMs: 500 });
  });
  afterAll(async () => {
    await set?.stop();
  });

  it('keeps reads answering while the master is killed, and writes again after failover', async () => {
    // Sentinels given as URLs (the other form, { host, port }, is what set.sentinels holds).
    const sentinels = set.sentinels.map(({ host, port }) => `redis://${host}:${port}`);
    const store = ioredisStore({ sentinels, masterName: set.masterName, prefix });
    const cache: MultiTierCache = createCache({
      l1: memoryL1Store(),
      l2: [store],
      timeout: 300,
      breaker: { failureThreshold: 3, cooldownMs: 100 },
    });
    try {
      await cache.set('before', 'failover', { ttl: '10m' });
      expect(await store.get('before')).toBeDefined();

      let stop = false;
      let operations = 0;
      const loops = Array.from({ length: 6 }, async (_, loop) => {
        while (!stop) {
          if (loop % 2 === 0) await cache.get(`read-${operations % 50}`);
          else await cache.set(`write-${loop}`, operations, { ttl: '1m' });
          operations++;
          await new Promise(setImmediate);
        }
      });
      await waitUntil('operations to flow', async () => operations > 100);

      const killedAt = performance.now();
      await set.master.kill();
      const bytes = new TextEncoder().encode('after');
      await waitUntil(
        'a write through the store to succeed after failover',
        async () => {
          await store.set('after-failover', bytes, 60_000);
          return true;
        },
        30_000,
      );
      const failoverMs = Math.round(performance.now() - killedAt);
      console.log(
        `ioredis Sentinel failover: writes succeed again ${failoverMs} ms after SIGKILL of the master`,
      );

      stop = true;
      const settled = await Promise.allSettled(loops);
      expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);

      // The sentinel asked may learn of the failover a moment after the one ioredis asked.
      await waitUntil(
        'the sentinels to report the promoted replica',
        async () => (await set.currentMaster()).port === set.replica.port,
        10_000,
      );
      const master = await set.currentMaster();
      expect(master.port).toBe(set.replica.port);
      const promoted = new Redis({ host: master.host, port: master.port });
      expect(await storedText(promoted, `${prefix}after-failover`)).toBe('after');
      await promoted.quit();
    } finally {
      await cache.clear().catch(() => {});
      await cache.close();
    }
  }, 60_000);
});
