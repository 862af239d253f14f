import { randomUUID } from 'node:crypto';
import {
  createCache,
  type L2Store,
  type MultiTierCache,
  memoryL1Store,
} from '@multi-tier-cache/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ioredisTransport, type RedisBus, redisBus } from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';

/**
 * A shared tier of plain GET / SET on a real Redis, counting its reads per key (the cache also
 * reads keys of its own on a tier without pattern deletes, such as its shared pattern record).
 */
function redisTier(
  client: Redis,
  prefix: string,
): L2Store & { readonly reads: Map<string, number> } {
  const tier = {
    name: 'redis',
    capabilities: { deleteMatching: false, remainingTtl: false },
    reads: new Map<string, number>(),
    async get(key: string) {
      tier.reads.set(key, (tier.reads.get(key) ?? 0) + 1);
      const value = await client.getBuffer(prefix + key);
      return value === null ? undefined : { value, ttlMs: undefined };
    },
    async getMany(keys: readonly string[]) {
      return Promise.all(keys.map((key) => tier.get(key)));
    },
    async set(key: string, value: Uint8Array, ttlMs: number) {
      await client.set(prefix + key, Buffer.from(value), 'PX', ttlMs);
    },
    async setMany(entries: readonly { key: string; value: Uint8Array; ttlMs: number }[]) {
      for (const entry of entries) await tier.set(entry.key, entry.value, entry.ttlMs);
    },
    async delete(keys: readonly string[]) {
      return keys.length === 0 ? 0 : client.del(...keys.map((key) => prefix + key));
    },
    async clear() {},
    async ping() {
      return 0;
    },
    async close() {},
  };
  return tier;
}

describe('an instance writing a tracked key (NOLOOP covers only the tracking connection)', () => {
  const prefix = `mtc-own-${randomUUID().slice(0, 8)}:`;
  const clients: Redis[] = [];
  let bus: RedisBus;
  let tier: ReturnType<typeof redisTier>;
  let cache: MultiTierCache;

  beforeAll(async () => {
    const client = () => {
      const redis = new Redis(inject('redisUrl'));
      clients.push(redis);
      return redis;
    };
    bus = redisBus({
      transport: ioredisTransport({ client: client() }),
      channel: uniqueChannel(),
      tracking: { prefixes: [prefix] },
    });
    await bus.ready;
    tier = redisTier(client(), prefix);
    cache = createCache({ l1: memoryL1Store(), l2: [tier], bus });
  });
  afterAll(async () => {
    await cache.close();
    await bus.close();
    for (const client of clients) client.disconnect();
  });

  const ownReport = async (before: number) =>
    until('the write to be reported back', () => bus.stats().tracking!.keys > before);

  test('is reported back: its own L1 copy is dropped, the next read is one L2 hit, then L1 again', async () => {
    const before = bus.stats().tracking!.keys;
    await cache.set('k', 'v1', { ttl: '10m' });
    await ownReport(before);
    const reads = tier.reads.get('k') ?? 0;
    expect(await cache.get('k')).toBe('v1');
    expect(tier.reads.get('k')).toBe(reads + 1);
    expect(await cache.get('k')).toBe('v1');
    expect(tier.reads.get('k')).toBe(reads + 1);
  });

  test('a computed value is not computed again after its own write is reported', async () => {
    let computations = 0;
    const compute = () => {
      computations++;
      return 'computed';
    };
    const before = bus.stats().tracking!.keys;
    expect(await cache.getOrCompute('c', compute, { ttl: '10m' })).toBe('computed');
    await ownReport(before);
    expect(await cache.getOrCompute('c', compute, { ttl: '10m' })).toBe('computed');
    expect(computations).toBe(1);
  });

  test('a later write by someone else is never hidden by the report of an own write', async () => {
    const raw = clients[0]!;
    for (let round = 0; round < 20; round++) {
      const before = bus.stats().tracking!.keys;
      await cache.set('race', `own ${round}`, { ttl: '10m' });
      await raw.set(`${prefix}race`, JSON.stringify(`other ${round}`));
      await until('both writes reported', () => bus.stats().tracking!.keys >= before + 2);
      expect(await cache.get('race')).toBe(`other ${round}`);
    }
  });
});
