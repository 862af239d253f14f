// The README's first example, loaded with import from the packed tarballs.
import assert from 'node:assert/strict';
import { createCache, memoryL2Store } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { CacheSystem } from 'multi-tier-cache';

async function run(name, l2) {
  const cache = createCache({ l1: lruStore({ maxEntries: 10_000 }), l2: [l2] });
  try {
    await cache.set('user:1', { name: 'Ada' }, { ttl: '10m' });
    assert.deepEqual(await cache.get('user:1'), { name: 'Ada' });
    const computed = await cache.getOrCompute('user:2', async () => ({ name: 'Grace' }), {
      ttl: '1m',
    });
    assert.deepEqual(computed, { name: 'Grace' });
    console.log(`esm: ${name} ok`);
  } finally {
    await cache.close();
  }
}

await run('memory L2', memoryL2Store({ prefix: 'esm:' }));
const url = process.env.REDIS_URL;
if (url !== undefined) {
  await run('ioredis L2', ioredisStore({ url, prefix: 'esm:' }));
  const system = await CacheSystem.withRedisUrl(url, { prefix: 'esm-system:', strict: true });
  try {
    await system.cacheManager.set('user:1', { name: 'Ada' }, { ttl: '10m' });
    assert.deepEqual(await system.cacheManager.get('user:1'), { name: 'Ada' });
    console.log('esm: CacheSystem ok');
  } finally {
    await system.close();
  }
}
