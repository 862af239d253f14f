/**
 * Redis Streams as in the Rust crate: the zero-config `CacheSystem` offers publishToStream with
 * trimming, readStreamLatest and a blocking readStream woken by a publish; its streams backend
 * runs a consumer group (read + ack); and `withStreams` gives the same calls to a cache built with
 * `createCache`.
 *
 * Run: pnpm --filter @multi-tier-cache/examples run redis-streams
 */
import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCache } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { ioredisStreams, withStreams } from '@multi-tier-cache/streams';
import { CacheSystem } from 'multi-tier-cache';
import { closeRedis, connectRedis } from '../shared/redis-client.js';
import { runExample } from '../shared/run-example.js';

await runExample('redis-streams', async ({ redisUrl, defer }) => {
  const client = connectRedis(redisUrl); // for XLEN and clean-up
  defer(() => closeRedis(client));
  const system = await CacheSystem.withRedisUrl(redisUrl, {
    prefix: 'examples:streams:',
    invalidation: false,
  });
  defer(() => system.close()); // closes the streams backend and the connection it opened
  const streams = system.streams!; // the backend: consumer groups, exact trimming, subscriptions

  const events = 'examples:streams:events';
  const orders = 'examples:streams:orders';
  await client.del(events, orders);

  // 1. publishToStream with maxLen: XADD MAXLEN ~ n (approximate: Redis trims whole nodes).
  const published = 300;
  let lastId = '';
  for (let i = 1; i <= published; i++) {
    lastId = await system.publishToStream(
      events,
      { type: 'price', symbol: 'BTC', n: String(i) },
      100,
    );
  }
  const approxLength = await client.xlen(events);
  console.log(`\npublished ${published} entries with maxLen 100 (approximate trimming)`);
  console.log(`  stream length now ${approxLength}; last id ${lastId}`);
  assert.ok(approxLength >= 100 && approxLength < published, 'the stream should have been trimmed');

  // The backend can also trim exactly (MAXLEN n without ~).
  await streams.publish(
    events,
    { type: 'price', symbol: 'BTC', n: 'exact' },
    { maxLen: 10, exact: true },
  );
  const exactLength = await client.xlen(events);
  console.log(`  one more publish with { maxLen: 10, exact: true } -> length ${exactLength}`);
  assert.equal(exactLength, 10);

  // 2. readStreamLatest: newest first.
  const latest = await system.readStreamLatest(events, 3);
  console.log('\nreadStreamLatest(events, 3):');
  for (const entry of latest) console.log(`  ${entry.id}  n=${entry.fields.n}`);
  assert.equal(latest.length, 3);
  assert.equal(latest[0]?.fields.n, 'exact', 'the newest entry comes first');
  assert.equal(latest[1]?.fields.n, String(published));

  // 3. A blocking readStream from '$' (only new entries), woken by a publish 300 ms later.
  const waitStarted = performance.now();
  const blockingRead = system.readStream(events, '$', 10, 5000);
  await sleep(300);
  const wakeId = await system.publishToStream(events, { type: 'alert', message: 'BTC above 100k' });
  const woken = await blockingRead;
  const waited = performance.now() - waitStarted;
  console.log(`\nreadStream(events, '$', 10, block 5000 ms) waited ${waited.toFixed(0)} ms`);
  console.log(`  woken by ${wakeId}: ${JSON.stringify(woken[0]?.fields)}`);
  assert.equal(woken.length, 1);
  assert.equal(woken[0]?.id, wakeId);
  assert.equal(woken[0]?.fields.message, 'BTC above 100k');
  assert.ok(waited < 5000, 'the publish should end the wait, not the block timeout');

  // 4. Consumer group: each entry goes to one consumer and stays pending until acknowledged.
  const created = await streams.createGroup(orders, 'billing', { startId: '0' });
  for (const [id, amount] of [
    ['A-1', '12.50'],
    ['A-2', '99.00'],
    ['A-3', '7.25'],
  ]) {
    await system.publishToStream(orders, { order: id!, amount: amount! });
  }
  console.log(`\nconsumer group 'billing' on ${orders} (created: ${created})`);

  const batch = await streams.readGroup(orders, 'billing', 'worker-1', { count: 2 });
  const rest = await streams.readGroup(orders, 'billing', 'worker-2', { count: 10 });
  console.log(`  worker-1 got ${batch.map((e) => e.fields.order).join(', ')}`);
  console.log(`  worker-2 got ${rest.map((e) => e.fields.order).join(', ')}`);
  assert.deepEqual(
    [...batch, ...rest].map((entry) => entry.fields.order),
    ['A-1', 'A-2', 'A-3'],
    'each entry is delivered to exactly one consumer',
  );

  const before = await streams.pending(orders, 'billing');
  console.log(
    `  pending before ack: ${before.count} (${before.consumers.map((c) => `${c.name}: ${c.pending}`).join(', ')})`,
  );
  const acked = await streams.ack(
    orders,
    'billing',
    [...batch, ...rest].map((entry) => entry.id),
  );
  const after = await streams.pending(orders, 'billing');
  console.log(`  acknowledged ${acked}; pending after ack: ${after.count}`);
  assert.equal(before.count, 3);
  assert.equal(acked, 3);
  assert.equal(after.count, 0);

  // 5. Without the zero-config system: withStreams gives a cache of createCache the same calls.
  const app = withStreams(
    createCache({
      l1: lruStore(),
      l2: [ioredisStore({ url: redisUrl, prefix: 'examples:streams:' })],
    }),
    ioredisStreams(client), // never closes `client`: close it yourself
  );
  await app.cache.set('last-order', 'A-3');
  const auditId = await app.publishToStream(events, { type: 'audit', order: 'A-3' }, 1000);
  const [audit] = await app.readStreamLatest(events, 1);
  console.log(`\nwithStreams(createCache(...), ioredisStreams(client)) published ${auditId}`);
  assert.equal(audit?.id, auditId);
  assert.equal(await app.cache.get('last-order'), 'A-3');
  await app.close(); // closes the cache, then the streams backend

  await client.del(events, orders);
});
