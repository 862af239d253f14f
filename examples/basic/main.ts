/**
 * Basic usage: an in-process L1 (lru-cache) in front of Redis (ioredis).
 *
 * - `set` writes both tiers; `get` on the same instance is answered by L1.
 * - A second instance (another server, empty L1) finds the value in Redis and promotes it to its
 *   L1 with the TTL Redis still has for it.
 * - `getOrCompute` runs the computation once and serves it from the cache afterwards.
 *
 * Run: pnpm --filter @multi-tier-cache/examples run basic   (uses REDIS_URL, or starts a Redis)
 */
import { strict as assert } from 'node:assert';
import { CacheStrategy, createCache } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { formatMs, printStats } from '../shared/format.js';
import { runExample } from '../shared/run-example.js';
import { traceTiers } from '../shared/tier-trace.js';

interface User {
  id: number;
  name: string;
  email: string;
}

await runExample('basic: L1 (lru) + L2 (Redis)', async ({ redisUrl, defer }) => {
  const prefix = 'examples:basic:';
  const newCache = () =>
    createCache({
      l1: lruStore({ maxEntries: 1000 }),
      l2: [ioredisStore({ url: redisUrl, prefix })],
    });

  const cache = newCache();
  defer(() => cache.close());
  await cache.clear(); // start from nothing under this example's prefix
  const trace = traceTiers(cache);

  // 1. set, then get from the same instance: L1 answers.
  const ada: User = { id: 1, name: 'Ada Lovelace', email: 'ada@example.com' };
  await cache.set('user:1', ada, { ttl: '2m' });
  console.log('\nset user:1 with a TTL of 2 min (written to L1 and Redis)');

  const first = await cache.get<User>('user:1');
  const firstTier = trace.take();
  console.log(`get user:1 -> ${first?.name}, answered by ${firstTier} (L1)`);
  assert.deepEqual(first, ada);
  assert.equal(firstTier, 'lru', 'the instance that wrote the value should answer from L1');

  // 2. A second instance has an empty L1: Redis answers and the value is promoted.
  const other = newCache();
  defer(() => other.close());
  const otherTrace = traceTiers(other);

  const fromL2 = await other.get<User>('user:1');
  const l2Tier = otherTrace.take();
  const promotedTtl = otherTrace.takePromotedTtl() ?? 0;
  console.log(`\nsecond instance: get user:1 -> ${fromL2?.name}, answered by ${l2Tier} (L2)`);
  console.log(
    `  promoted to its L1 with the TTL Redis still had: ${promotedTtl} ms = ${formatMs(promotedTtl)} (of 2 min)`,
  );
  assert.deepEqual(fromL2, ada);
  assert.equal(l2Tier, 'ioredis', 'a fresh instance should find the value in Redis');
  assert.ok(
    promotedTtl > 100_000 && promotedTtl <= 120_000,
    `promotion should keep the remaining TTL (got ${promotedTtl} ms)`,
  );

  const again = await other.get<User>('user:1');
  const againTier = otherTrace.take();
  console.log(`second instance: get user:1 again -> ${again?.name}, answered by ${againTier} (L1)`);
  assert.equal(againTier, 'lru', 'after promotion the second instance should answer from L1');

  // 3. getOrCompute: one computation, then cache hits.
  let computations = 0;
  const loadReport = async () => {
    computations++;
    await new Promise((resolve) => setTimeout(resolve, 50)); // a slow query
    return { day: '2026-11-28', orders: 1234, revenue: 56_789.5 };
  };

  const report1 = await cache.getOrCompute('report:daily', loadReport, CacheStrategy.ShortTerm);
  console.log(
    `\ngetOrCompute report:daily -> ${report1.orders} orders (${trace.take()}: computed)`,
  );
  const report2 = await cache.getOrCompute('report:daily', loadReport, CacheStrategy.ShortTerm);
  console.log(`getOrCompute report:daily -> ${report2.orders} orders, answered by ${trace.take()}`);
  const report3 = await other.getOrCompute('report:daily', loadReport, CacheStrategy.ShortTerm);
  console.log(
    `second instance: getOrCompute report:daily -> ${report3.orders} orders, answered by ${otherTrace.take()}`,
  );
  console.log(`the computation ran ${computations} time(s)`);
  assert.equal(computations, 1, 'the report should be computed once and then served from cache');
  assert.deepEqual(report3, report1);

  // 4. A key nobody wrote.
  const missing = await cache.get('user:404');
  console.log(`\nget user:404 -> ${String(missing)} (${trace.take()})`);
  assert.equal(missing, undefined);

  // 5. Stats.
  console.log('');
  const stats = cache.stats();
  const otherStats = other.stats();
  printStats('first instance', stats);
  printStats('second instance', otherStats);
  assert.equal(stats.l1Hits, 2);
  assert.equal(stats.misses, 2, 'report:daily (computed) and user:404');
  assert.equal(otherStats.l2Hits, 2, 'user:1 and report:daily came from Redis');
  assert.equal(otherStats.l1Hits, 1);
  assert.equal(otherStats.promotions, 2);
  assert.equal(otherStats.hitRate, 1);
});
