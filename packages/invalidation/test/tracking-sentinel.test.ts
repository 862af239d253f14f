import { randomUUID } from 'node:crypto';
import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { type SentinelSet, startSentinelSet } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ioredisTransport, type RedisBus, redisBus } from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';

describe('tracking on ioredis behind Sentinel', () => {
  let set: SentinelSet;
  const prefix = `mtc-sentinel-${randomUUID().slice(0, 8)}:`;
  const clients: Redis[] = [];
  const buses: RedisBus[] = [];
  const caches: MultiTierCache[] = [];
  let raw: Redis;

  const sentinelClient = () => {
    const client = new Redis({ sentinels: [...set.sentinels], name: set.masterName });
    client.on('error', () => {});
    clients.push(client);
    return client;
  };

  const droppedEverywhere = async (key: string) => {
    for (const [index, cache] of caches.entries()) {
      await until(
        `instance ${index} dropped ${key}`,
        async () => (await cache.get(key)) === undefined,
        20_000,
      );
    }
  };

  beforeAll(async () => {
    set = await startSentinelSet({ downAfterMs: 500 });
    const channel = uniqueChannel();
    for (let i = 0; i < 2; i++) {
      buses.push(
        redisBus({
          transport: ioredisTransport({ client: sentinelClient() }),
          channel,
          tracking: { prefixes: [prefix] },
          retryIntervalMs: 200,
        }),
      );
    }
    await Promise.all(buses.map((bus) => bus.ready));
    for (const bus of buses) caches.push(createCache({ l1: memoryL1Store(), bus }));
    raw = sentinelClient();
  });

  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await Promise.all(buses.map((bus) => bus.close()));
    for (const client of clients) client.disconnect();
    await set?.stop();
  });

  test('tracking is re-established on the new master and a write after failover invalidates', async () => {
    for (const cache of caches) await cache.set('before', 1, { ttl: '10m', broadcast: false });
    await raw.set(`${prefix}before`, 'x');
    await droppedEverywhere('before');

    const oldMaster = await set.currentMaster();
    await set.master.kill();
    await until(
      'the sentinels to promote the replica',
      async () => (await set.currentMaster()).port !== oldMaster.port,
      30_000,
    );
    for (const [index, bus] of buses.entries()) {
      await until(
        `instance ${index} tracks the new master`,
        () => bus.stats().tracking!.gaps === 1,
        30_000,
      );
    }

    for (const cache of caches) await cache.set('after', 1, { ttl: '10m', broadcast: false });
    await until(
      'the raw client writes to the new master',
      async () => {
        try {
          await raw.set(`${prefix}after`, 'x');
          return true;
        } catch {
          return false;
        }
      },
      30_000,
    );
    await droppedEverywhere('after');
    expect(buses[0]!.stats().tracking!.active).toBe(true);
  });
});
