import { randomUUID } from 'node:crypto';
import { createCache, type MultiTierCache, memoryL1Store } from '@multi-tier-cache/core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';

describe('locks on node-redis', () => {
  const opened: MultiTierCache[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.clear().finally(() => cache.close())));
  });

  function instance(options: { url: string } | { clusterNodes: unknown }, prefix: string) {
    const store = nodeRedisStore({ ...(options as object), prefix });
    const cache = createCache({ l1: memoryL1Store(), l2: [store], lock: { ttl: '5s' } });
    opened.push(cache);
    return cache;
  }

  async function stampede(caches: readonly MultiTierCache[]): Promise<number> {
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'computed';
    };
    const values = await Promise.all(
      caches.flatMap((cache) =>
        Array.from({ length: 125 }, () => cache.getOrCompute('cold', compute)),
      ),
    );
    expect(new Set(values)).toEqual(new Set(['computed']));
    return runs;
  }

  it('runs one computation for a cold key across 8 instances × 125 callers', async () => {
    const prefix = `nr-locks-${randomUUID()}:`;
    const caches = Array.from({ length: 8 }, () => instance({ url: inject('redisUrl') }, prefix));
    expect(await stampede(caches)).toBe(1);
  });

  it('runs one computation across 8 instances on a 3-master Cluster', async () => {
    const prefix = `nr-locks-${randomUUID()}:`;
    const caches = Array.from({ length: 8 }, () =>
      instance({ clusterNodes: inject('clusterNodes') }, prefix),
    );
    expect(await stampede(caches)).toBe(1);
  });
});
