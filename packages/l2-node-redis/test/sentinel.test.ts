import { createCache } from '@multi-tier-cache/core';
import { startSentinelSet, waitUntil } from '@multi-tier-cache/test-servers';
import { describe, expect, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';

describe('nodeRedisStore through Sentinel', () => {
  it('keeps reads from rejecting while the master is killed, and writes succeed again after the failover', async () => {
    const set = await startSentinelSet({ downAfterMs: 1000 });
    try {
      const store = nodeRedisStore({
        sentinels: set.sentinels,
        masterName: set.masterName,
        prefix: 'sentinel:',
        maxReconnectDelayMs: 200,
      });
      const cache = createCache({ l2: store, timeout: 300, l1MaxTtl: 1 });
      await store.set('k', new TextEncoder().encode('"v"'), 60_000);
      expect(await cache.get('k')).toBe('v');

      let reads = 0;
      let rejected = 0;
      let running = true;
      const loop = (async () => {
        for (let i = 0; running; i++) {
          await new Promise((resolve) => setImmediate(resolve));
          await cache.get('k').then(
            () => reads++,
            () => rejected++,
          );
          await cache.set(`w${i % 20}`, i, { ttl: 60_000 }).catch(() => rejected++);
        }
      })();
      await waitUntil('reads before the kill', async () => reads > 20);
      const before = await set.currentMaster();
      const killedAt = performance.now();
      await set.master.kill();
      await waitUntil(
        'a direct write to succeed on the new master',
        async () => {
          const moved = (await set.currentMaster()).port !== before.port;
          return (
            moved &&
            (await store.set('after', new Uint8Array([1]), 60_000).then(
              () => true,
              () => false,
            ))
          );
        },
        30_000,
      );
      const failoverMs = Math.round(performance.now() - killedAt);
      console.log(
        `node-redis sentinel: writes succeeded again ${failoverMs} ms after the master was killed`,
      );
      const afterFailover = reads;
      await waitUntil('reads going on after the failover', async () => reads > afterFailover + 20);
      running = false;
      await loop;
      expect(rejected).toBe(0);
      expect([...((await store.get('after'))?.value ?? [])]).toEqual([1]);
      await cache.close();
    } finally {
      await set.stop();
    }
  }, 60_000);
});
