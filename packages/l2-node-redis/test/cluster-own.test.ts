import * as diagnostics from 'node:diagnostics_channel';
import { createCache, type L2Store } from '@multi-tier-cache/core';
import { keySlot } from '@multi-tier-cache/redis-common';
import { type RedisCluster, startRedisCluster, waitUntil } from '@multi-tier-cache/test-servers';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';

/** Calls of each command on one node, from INFO commandstats. */
async function commandCalls(url: string): Promise<Record<string, number>> {
  const client = createClient({ url });
  await client.connect();
  try {
    const info = (await client.sendCommand(['INFO', 'commandstats'])) as string;
    const calls: Record<string, number> = {};
    for (const match of info.matchAll(/cmdstat_(\w+):calls=(\d+)/g)) {
      calls[match[1]!] = Number(match[2]);
    }
    const errors = (await client.sendCommand(['INFO', 'errorstats'])) as string;
    calls.crossslot = Number(/errorstat_CROSSSLOT:count=(\d+)/.exec(errors)?.[1] ?? 0);
    return calls;
  } finally {
    await client.close();
  }
}

describe('nodeRedisStore on its own 3-master cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reads 100 keys spread over the cluster with one pipeline per master and no CROSSSLOT', async () => {
    const store = nodeRedisStore({ rootNodes: cluster.urls, prefix: 'own:' });
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    await store.setMany(keys.map((key) => ({ key, value: new Uint8Array([1]), ttlMs: 60_000 })));
    const slots = new Set(keys.map((key) => keySlot(`own:${key}`)));

    const pipelines: string[] = [];
    const batch = diagnostics.tracingChannel<unknown, { batchMode?: string; serverPort?: number }>(
      'node-redis:batch',
    );
    const subscriber = {
      start: (context: { batchMode?: string; serverPort?: number }) => {
        if (context.batchMode === 'PIPELINE') pipelines.push(String(context.serverPort));
      },
      end: () => {},
      asyncStart: () => {},
      asyncEnd: () => {},
      error: () => {},
    };
    const before = await Promise.all(cluster.urls.map(commandCalls));
    batch.subscribe(subscriber);
    let entries: Awaited<ReturnType<L2Store['getMany']>>;
    try {
      entries = await store.getMany(keys);
    } finally {
      batch.unsubscribe(subscriber);
    }
    const after = await Promise.all(cluster.urls.map(commandCalls));
    await store.close();

    expect(entries.every((entry) => entry?.value[0] === 1)).toBe(true);
    expect(pipelines.sort()).toEqual(cluster.nodes.map((node) => String(node.port)).sort());
    const delta = (name: string) =>
      after.reduce((total, calls, i) => total + (calls[name] ?? 0) - (before[i]![name] ?? 0), 0);
    expect(delta('mget')).toBe(slots.size);
    // Framed values carry their expiry, so no PTTL is sent (see valueFormat).
    expect(delta('pttl')).toBe(0);
    expect(delta('crossslot')).toBe(0);
  });

  it('fails reads open through the cache when a master is killed under load, then exits cleanly', async () => {
    const store = nodeRedisStore({ rootNodes: cluster.urls, prefix: 'own-kill:' });
    const cache = createCache({ l2: store, timeout: 300, l1MaxTtl: 1 });
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
    for (const key of keys) await cache.set(key, key, { ttl: 60_000 });

    let reads = 0;
    let rejected = 0;
    let running = true;
    const loop = async () => {
      while (running) {
        // Yield to timers and I/O: with the breaker open, every call settles in a microtask.
        await new Promise((resolve) => setImmediate(resolve));
        for (const key of keys) {
          await cache.get(key).then(
            () => reads++,
            () => rejected++,
          );
          await cache.set(key, key, { ttl: 60_000 }).catch(() => rejected++);
        }
      }
    };
    const loops = [loop(), loop(), loop()];
    await waitUntil('some reads before the kill', async () => reads > 50);
    await cluster.killNode(0);
    const killedAt = reads;
    await waitUntil('reads going on after the kill', async () => reads > killedAt + 200, 20_000);
    running = false;
    await Promise.all(loops);
    await cache.close();

    expect(rejected).toBe(0);
    const { errors, timeouts } = cache.stats().tiers[0]!;
    expect(errors + timeouts).toBeGreaterThan(0);
    // Nothing keeps the process alive: every socket to the cluster is gone after close().
    await waitUntil('no TCP sockets left open', async () =>
      process.getActiveResourcesInfo().every((resource) => resource !== 'TCPSocketWrap'),
    );
  });
});
