// The README's first example, loaded with require() from the packed tarballs.
const assert = require('node:assert/strict');
const { createCache, memoryL2Store } = require('@multi-tier-cache/core');
const { lruStore } = require('@multi-tier-cache/l1-lru');
const { ioredisStore } = require('@multi-tier-cache/l2-ioredis');
const { CacheSystem } = require('multi-tier-cache');

async function run(name, l2) {
  const cache = createCache({ l1: lruStore({ maxEntries: 10_000 }), l2: [l2] });
  try {
    await cache.set('user:1', { name: 'Ada' }, { ttl: '10m' });
    assert.deepEqual(await cache.get('user:1'), { name: 'Ada' });
    const computed = await cache.getOrCompute('user:2', async () => ({ name: 'Grace' }), {
      ttl: '1m',
    });
    assert.deepEqual(computed, { name: 'Grace' });
    console.log(`commonjs: ${name} ok`);
  } finally {
    await cache.close();
  }
}

async function main() {
  await run('memory L2', memoryL2Store({ prefix: 'cjs:' }));
  const url = process.env.REDIS_URL;
  if (url === undefined) return;
  await run('ioredis L2', ioredisStore({ url, prefix: 'cjs:' }));
  const system = await CacheSystem.withRedisUrl(url, { prefix: 'cjs-system:', strict: true });
  try {
    await system.cacheManager.set('user:1', { name: 'Ada' }, { ttl: '10m' });
    assert.deepEqual(await system.cacheManager.get('user:1'), { name: 'Ada' });
    console.log('commonjs: CacheSystem ok');
  } finally {
    await system.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
