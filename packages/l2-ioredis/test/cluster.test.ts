import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { keySlot } from '@multi-tier-cache/redis-common';
import { type RedisCluster, startRedisCluster, waitUntil } from '@multi-tier-cache/test-servers';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';

const prefix = `ioredis-cluster-${process.pid}:`;
const bytes = (text: string) => new TextEncoder().encode(text);

describe('ioredisStore on the shared Redis Cluster', () => {
  let admin: Cluster;
  beforeAll(() => {
    admin = new Cluster(inject('clusterNodes'));
  });
  afterAll(async () => {
    await admin.quit();
  });

  it('computes the same hash slots as the cluster', async () => {
    for (const key of ['foo', 'mtc:user:1', '{user:1}:orders', 'é:ü', 'a{}b', `${prefix}k`]) {
      expect(keySlot(key), key).toBe(await admin.cluster('KEYSLOT', key));
    }
  });

  it('reads, writes and deletes keys spread over every master without CROSSSLOT', async () => {
    const store = ioredisStore({ clusterNodes: inject('clusterNodes'), prefix });
    try {
      const keys = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? `{user:1}:${i}` : `k${i}`));
      await store.setMany(keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 })));
      const entries = await store.getMany([...keys, 'absent']);
      expect(entries.map((entry) => entry && new TextDecoder().decode(entry.value))).toEqual([
        ...keys,
        undefined,
      ]);
      expect(entries.every((entry, i) => i === keys.length || entry!.ttlMs! > 50_000)).toBe(true);
      expect(await store.deleteMatching!('{user:1}:*')).toBe(50);
      const matched = keys.filter((key) => key.startsWith('{user:1}:'));
      expect(await store.getMany(matched)).toEqual(matched.map(() => undefined));
      expect(await store.deleteMatching!('{user:1}:*')).toBe(0);
      const others = keys.filter((key) => !key.startsWith('{user:1}:'));
      expect(await store.delete([...others, 'absent'])).toBe(150);
    } finally {
      await store.clear();
      await store.close();
    }
  });
});

describe('ioredisStore getMany on a Cluster', () => {
  it('reads 100 keys spread over every master with one pipeline per master and one MGET per slot', async () => {
    const client = new Cluster(inject('clusterNodes'));
    const store = ioredisStore({ cluster: client, prefix: `${prefix}rt:` });
    const keys = Array.from({ length: 100 }, (_, i) => `spread:${i}`);
    try {
      await store.setMany(keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 })));
      const masters = client.nodes('master');
      const mgetCalls = async () => {
        const stats = await Promise.all(masters.map((node) => node.info('commandstats')));
        return stats.reduce(
          (sum, text) => sum + Number(/cmdstat_mget:calls=(\d+)/.exec(text)?.[1] ?? 0),
          0,
        );
      };
      const before = await mgetCalls();
      let pipelines = 0;
      const pipeline = client.pipeline.bind(client);
      client.pipeline = ((...args: Parameters<typeof pipeline>) => {
        pipelines++;
        return pipeline(...args);
      }) as typeof client.pipeline;
      const entries = await store.getMany(keys);
      const slots = new Set(keys.map((key) => keySlot(`${prefix}rt:${key}`)));
      expect(entries.every((entry, i) => new TextDecoder().decode(entry!.value) === keys[i])).toBe(
        true,
      );
      expect(pipelines).toBe(masters.length);
      expect((await mgetCalls()) - before).toBe(slots.size);
    } finally {
      await store.clear();
      await store.close();
      await client.quit();
    }
  });
});

describe('ioredisStore on a Cluster that loses a master', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('fails open under load when a master is killed, and closes cleanly', async () => {
    const store = ioredisStore({
      clusterNodes: cluster.nodes.map(({ host, port }) => ({ host, port })),
      prefix,
    });
    const cache = createCache({
      l1: memoryL1Store({ maxEntries: 10 }),
      l2: [store],
      timeout: 300,
      breaker: { failureThreshold: 3, cooldownMs: 100 },
    });
    const errors: unknown[] = [];
    cache.on('error', ({ error }) => errors.push(error));
    for (let i = 0; i < 100; i++) await cache.set(`key-${i}`, i, { ttl: '10m' });

    let stop = false;
    let reads = 0;
    const loops = Array.from({ length: 8 }, async (_, loop) => {
      while (!stop) {
        await cache.get(`key-${(reads * 7 + loop) % 100}`);
        reads++;
        await new Promise(setImmediate);
      }
    });
    await waitUntil('reads to flow', async () => reads > 200);
    await cluster.killNode(0);
    await waitUntil('reads to hit the dead master', async () => errors.length > 0, 20_000);
    const readsAfterKill = reads;
    await waitUntil('reads to go on', async () => reads > readsAfterKill + 200, 20_000);
    stop = true;
    const settled = await Promise.allSettled(loops);
    expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);

    const closed = performance.now();
    await cache.close();
    expect(performance.now() - closed).toBeLessThan(5000);
  }, 60_000);
});

describe('ioredisStore concurrent reads on a Cluster', () => {
  it('coalesces reads of keys spread over every master and gives each caller its own value', async () => {
    const store = ioredisStore({ clusterNodes: inject('clusterNodes'), prefix: `${prefix}co:` });
    const keys = Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? `{t}:${i}` : `c${i}`));
    try {
      await store.setMany(keys.map((key) => ({ key, value: bytes(key), ttlMs: 60_000 })));
      const entries = await Promise.all([...keys, 'absent'].map((key) => store.get(key)));
      expect(entries.map((entry) => entry && new TextDecoder().decode(entry.value))).toEqual([
        ...keys,
        undefined,
      ]);
    } finally {
      await store.clear();
      await store.close();
    }
  });
});
