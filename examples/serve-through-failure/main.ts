/**
 * Serving through failure: a price service whose database is a separate redis-server. The cache
 * keeps every price an hour past its 300 ms TTL (grace). The database first hangs (SIGSTOP):
 * callers get the stale price after the 50 ms soft timeout while the refresh finishes in the
 * background. Then the database is killed (SIGKILL): every read still answers with the last
 * price, and the database is asked again at most once per 1 s backoff per key, not once per
 * read. Last the cache's own Redis is killed too: L1 keeps the graced prices and still answers.
 *
 * Run: pnpm --filter @multi-tier-cache/examples run serve-through-failure
 */
import { strict as assert } from 'node:assert';
import { createCache } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { runExample } from '../shared/run-example.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SYMBOLS = ['btc', 'eth', 'sol'];

await runExample('serve-through-failure', async ({ defer }) => {
  // The "database": its own redis-server, so it can be hung and killed.
  const database = await startRedis();
  defer(() => database.stop());
  const db = new Redis(database.url, {
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    commandTimeout: 2000,
    retryStrategy: () => 200,
  });
  db.on('error', () => {});
  defer(() => db.disconnect());
  await new Promise((resolve) => db.once('ready', resolve));
  await db.mset({ 'price:btc': '64000', 'price:eth': '3100', 'price:sol': '150' });
  let queries = 0;
  const loadPrice = (symbol: string) => async () => {
    queries++;
    const price = await db.get(`price:${symbol}`);
    if (price === null) throw new Error(`no price for ${symbol}`);
    return Number(price);
  };

  // The cache's Redis: also its own server, since step 4 kills it.
  const cacheRedis = await startRedis();
  defer(() => cacheRedis.stop());
  const cache = createCache({
    l1: lruStore(),
    l2: [ioredisStore({ url: cacheRedis.url, prefix: 'examples:grace:', connectTimeout: 500 })],
    timeout: 200,
    grace: '1h',
    graceBackoff: '1s',
    timeouts: { soft: 50 },
  });
  defer(() => cache.close());
  const stale: string[] = [];
  cache.on('stale', ({ key, reason }) => stale.push(`${key} (${reason})`));
  const read = (symbol: string) =>
    cache.getOrCompute(`price:${symbol}`, loadPrice(symbol), { ttl: 300 });

  console.log('\n1. database up: prices computed and cached for 300 ms, kept 1 h past that');
  for (const symbol of SYMBOLS) console.log(`  ${symbol}: ${await read(symbol)}`);
  assert.equal(queries, 3);

  console.log(
    '\n2. database hung (SIGSTOP), TTL over: the stale price after the 50 ms soft timeout',
  );
  await db.set('price:btc', '65000');
  database.pause();
  await sleep(350);
  const started = performance.now();
  const hung = await read('btc');
  const waited = performance.now() - started;
  console.log(`  btc: ${hung} in ${waited.toFixed(0)} ms (the query goes on in the background)`);
  assert.equal(hung, 64000);
  assert.ok(waited < 1000, 'the caller did not wait for the hung database');
  database.resume();
  for (let attempt = 0; attempt < 100 && cache.peekL1('price:btc') !== 65000; attempt++) {
    await sleep(20);
  }
  console.log(`  database back: the background refresh stored btc = ${cache.peekL1('price:btc')}`);
  assert.equal(cache.peekL1('price:btc'), 65000);

  console.log('\n3. database killed (SIGKILL): every read answers with the last price');
  await database.kill();
  await sleep(350);
  const before = queries;
  let reads = 0;
  const until = performance.now() + 2500;
  while (performance.now() < until) {
    for (const symbol of SYMBOLS) {
      const price = await read(symbol);
      assert.ok(typeof price === 'number');
      reads++;
    }
    await sleep(25);
  }
  const attempts = queries - before;
  console.log(
    `  ${reads} reads in 2.5 s, all answered; the dead database was tried ${attempts} times (about once per second per key)`,
  );
  assert.ok(attempts <= SYMBOLS.length * 4, 'the backoff spares the dead database');
  const stats = cache.stats();
  console.log(
    `  stats: staleServed ${stats.staleServed}, factoryErrors ${stats.factoryErrors}, first stale events: ${stale.slice(0, 3).join(', ')}`,
  );
  assert.ok(stats.staleServed >= reads);
  assert.ok(stats.factoryErrors >= SYMBOLS.length);

  console.log("\n4. the cache's Redis killed too: L1's graced entries still answer");
  await cacheRedis.kill();
  for (const symbol of SYMBOLS) {
    const price = await read(symbol);
    console.log(`  ${symbol}: ${price}`);
    assert.ok(typeof price === 'number');
  }
  const health = await cache.healthCheck();
  console.log(`  healthCheck: ${health.status}, Redis ${health.tiers[0]?.status}`);
  assert.equal(health.tiers[0]?.status, 'down');
});
