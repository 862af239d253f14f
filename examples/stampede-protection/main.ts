/**
 * Stampede protection: 100 requests for a cold key arrive at once. With getOrCompute the slow
 * database call runs once and all 100 callers share its result. The same 100 requests written
 * as "get, on a miss query and set" all miss and all hit the database.
 *
 * Run: pnpm --filter @multi-tier-cache/examples run stampede-protection
 */
import { strict as assert } from 'node:assert';
import { CacheStrategy, createCache } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { printStats } from '../shared/format.js';
import { runExample } from '../shared/run-example.js';

const REQUESTS = 100;
const QUERY_MS = 200;

/** A "database" whose query takes 200 ms and counts how often it is called. */
function slowDatabase() {
  let queries = 0;
  return {
    get queries() {
      return queries;
    },
    async product(id: number) {
      queries++;
      await new Promise((resolve) => setTimeout(resolve, QUERY_MS));
      return { id, name: `Product ${id}`, price: 19.99 };
    },
  };
}

await runExample('stampede-protection', async ({ redisUrl, defer }) => {
  const cache = createCache({
    l1: lruStore(),
    l2: [ioredisStore({ url: redisUrl, prefix: 'examples:stampede:' })],
  });
  defer(() => cache.close());
  await cache.clear();

  // With coalescing: getOrCompute.
  const db = slowDatabase();
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: REQUESTS }, () =>
      cache.getOrCompute('product:42', () => db.product(42), CacheStrategy.ShortTerm),
    ),
  );
  const elapsed = performance.now() - started;
  const stats = cache.stats();

  console.log(
    `\n${REQUESTS} concurrent getOrCompute('product:42'), database call takes ${QUERY_MS} ms`,
  );
  console.log(`  database queries: ${db.queries}`);
  console.log(`  all ${REQUESTS} callers answered in ${elapsed.toFixed(0)} ms`);
  console.log(
    `  computations started: ${stats.computations}, callers that joined it: ${stats.coalesced}`,
  );
  assert.equal(db.queries, 1, 'one database query for all concurrent callers');
  assert.equal(stats.computations, 1);
  assert.equal(stats.coalesced, REQUESTS - 1);
  assert.ok(
    results.every((product) => product === results[0]),
    'every caller gets the same value',
  );
  assert.ok(elapsed < 5000, `should answer within one query's time, took ${elapsed} ms`);

  // Without coalescing: the hand-written cache-aside pattern, on another cold key.
  const naiveDb = slowDatabase();
  const naiveStarted = performance.now();
  await Promise.all(
    Array.from({ length: REQUESTS }, async () => {
      const cached = await cache.get('product:43');
      if (cached !== undefined) return cached;
      const product = await naiveDb.product(43);
      await cache.set('product:43', product, CacheStrategy.ShortTerm);
      return product;
    }),
  );
  const naiveElapsed = performance.now() - naiveStarted;
  const sequentialEstimate = naiveDb.queries * QUERY_MS;

  console.log(`\nthe same ${REQUESTS} requests without coalescing ("get, on miss query and set")`);
  console.log(`  database queries: ${naiveDb.queries}`);
  console.log(
    `  took ${naiveElapsed.toFixed(0)} ms here because this fake database runs them all in parallel;`,
  );
  console.log(
    `  a database that serialises them needs about ${naiveDb.queries} x ${QUERY_MS} ms = ${sequentialEstimate} ms`,
  );
  console.log(
    `  with coalescing: ${db.queries} query, ${elapsed.toFixed(0)} ms (${(sequentialEstimate / Math.max(elapsed, 1)).toFixed(0)}x less time than the sequential estimate)`,
  );
  assert.ok(naiveDb.queries > 1, 'without coalescing, concurrent misses all query the database');

  console.log('');
  printStats('cache stats', cache.stats());
});
