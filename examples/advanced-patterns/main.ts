/**
 * Advanced patterns: type-safe database caching (the Rust crate's get_or_compute_typed).
 *
 * - getOrComputeTyped with a zod schema: one query, then cache hits; values read back from Redis
 *   are parsed by the schema. The cache uses `losslessSerializer()`, so `joined` travels as a
 *   Date (the default JSON serializer refuses a Date rather than turning it into a string).
 * - defineEntry: key builder + schema + strategy defined once, bound to a cache.
 * - After a database update, invalidate the entry: the next read queries the new row.
 * - A corrupt value in Redis (wrong shape, or bytes that are not JSON) is never returned: it is
 *   treated as a miss, recomputed and overwritten.
 *
 * Run: pnpm --filter @multi-tier-cache/examples run advanced-patterns
 */
import { strict as assert } from 'node:assert';
import { CacheStrategy, createCache, losslessSerializer } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { defineEntry, getOrComputeTyped, typedStats } from '@multi-tier-cache/typed';
import { z } from 'zod';
import { runExample } from '../shared/run-example.js';
import { traceTiers } from '../shared/tier-trace.js';
import { FakeDatabase } from './fake-database.js';

/** The schema of a cached user. `z.coerce.date()` accepts a Date and an ISO string alike. */
const User = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  joined: z.coerce.date(),
});
type User = z.infer<typeof User>;

/** Defined once at module level; bound to a cache below. */
const UserEntry = defineEntry({
  key: (id: number) => `user:${id}`,
  schema: User,
  strategy: CacheStrategy.MediumTerm,
});

await runExample('advanced-patterns: typed database caching', async ({ redisUrl, defer }) => {
  const prefix = 'examples:advanced:';
  const newCache = () =>
    createCache({
      l1: lruStore(),
      l2: [ioredisStore({ url: redisUrl, prefix })],
      serializer: losslessSerializer(),
    });
  const cache = newCache();
  defer(() => cache.close());
  await cache.clear();
  const trace = traceTiers(cache);
  const db = new FakeDatabase();

  // 1. getOrComputeTyped: typed result, one query.
  console.log('\n1. getOrComputeTyped(cache, "user:1", User, () => db.findUser(1), MediumTerm)');
  const loadUser1 = () => db.findUser(1);
  const first: User = await getOrComputeTyped(
    cache,
    'user:1',
    User,
    loadUser1,
    CacheStrategy.MediumTerm,
  );
  console.log(`   -> ${first.name} (${trace.take()}: queried the database)`);
  const second = await getOrComputeTyped(
    cache,
    'user:1',
    User,
    loadUser1,
    CacheStrategy.MediumTerm,
  );
  console.log(`   -> ${second.name} (answered by ${trace.take()})`);
  assert.equal(db.queries, 1);

  // From another instance the value comes from Redis; the schema checks it is still a User.
  const other = newCache();
  defer(() => other.close());
  const otherTrace = traceTiers(other);
  const fromRedis = await getOrComputeTyped(
    other,
    'user:1',
    User,
    loadUser1,
    CacheStrategy.MediumTerm,
  );
  console.log(
    `   second instance -> ${fromRedis.name}, joined ${fromRedis.joined.toISOString().slice(0, 10)} (answered by ${otherTrace.take()}; joined is a Date: ${fromRedis.joined instanceof Date})`,
  );
  assert.equal(db.queries, 1, 'the second instance should not query the database');
  assert.ok(fromRedis.joined instanceof Date, 'the Date survives the trip through Redis');
  assert.equal(fromRedis.joined.getTime(), first.joined.getTime());

  // 2. defineEntry: typed entries bound to a cache.
  console.log(
    '\n2. defineEntry({ key: (id: number) => "user:" + id, schema: User, strategy: MediumTerm })',
  );
  const users = UserEntry.bind(cache);
  const alan = await users.getOrCompute(2, (id) => db.findUser(id));
  console.log(`   users.getOrCompute(2) -> ${alan.name} (${trace.take()}: queried)`);
  const alanAgain = await users.getOrCompute(2, (id) => db.findUser(id));
  console.log(`   users.getOrCompute(2) -> ${alanAgain.name} (answered by ${trace.take()})`);
  assert.equal(db.queries, 2);

  // 3. Update the database, then invalidate: the next read gets the new row.
  console.log('\n3. update user 2 in the database, then users.invalidate(2)');
  await db.updateUser(2, { name: 'Alan M. Turing' });
  const stale = await users.get(2);
  console.log(`   before invalidating, the cache still says: ${stale?.name}`);
  await users.invalidate(2);
  const fresh = await users.getOrCompute(2, (id) => db.findUser(id));
  console.log(`   after invalidating -> ${fresh.name} (${trace.take()}: queried again)`);
  assert.equal(stale?.name, 'Alan Turing', 'without invalidation the cache serves the old row');
  assert.equal(fresh.name, 'Alan M. Turing');
  assert.equal(db.queries, 4, 'one update and one new query');

  // 4. Corrupt values in Redis. The instance reading them has nothing in L1 yet.
  console.log('\n4. corrupt values in Redis');
  const reader = newCache();
  defer(() => reader.close());
  const readerTrace = traceTiers(reader);
  const readers = UserEntry.bind(reader);

  // a) A value of the wrong shape, written by an older version of the app that had no schema.
  const oldApp = newCache();
  defer(() => oldApp.close());
  await oldApp.set('user:3', { id: 'three', fullName: 42 }, { ttl: '1m' });
  // Written a moment before, as by a deployment still running: a computed value is refused over a
  // write made within `clockSkew` (20 ms) of its start, the allowance for clocks between hosts.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const queriesBefore = db.queries;
  const grace = await readers.getOrCompute(3, (id) => db.findUser(id));
  console.log(
    `   wrong shape: Redis answered (${readerTrace.take()}), the schema refused it, recomputed -> ${grace.name}`,
  );
  const check = newCache(); // empty L1: whatever it gets comes from Redis
  defer(() => check.close());
  const repaired = await check.get<{ name?: string }>('user:3');
  console.log(`   Redis now holds: ${JSON.stringify(repaired)}`);
  assert.equal(grace.name, 'Grace Hopper');
  assert.equal(db.queries, queriesBefore + 1, 'the bad value is replaced by one computation');
  assert.equal(repaired?.name, 'Grace Hopper', 'the good value overwrote the bad one in Redis');
  const stats = typedStats(reader);
  console.log(`   typedStats: invalid ${stats.invalid}, recomputed ${stats.recomputed}`);
  console.log(
    `   why it was refused: ${stats.lastInvalid?.issues.map((issue) => `${issue.path?.join('.') ?? ''}: ${issue.message}`).join('; ')}`,
  );
  assert.equal(stats.invalid, 1);
  assert.equal(stats.recomputed, 1);

  // b) Bytes that are not JSON at all, written straight through the store (below the cache's
  //    serializer): the cache counts a decode error and treats it as a miss.
  const store = ioredisStore({ url: redisUrl, prefix });
  defer(() => store.close());
  await store.set('user:1', new Uint8Array([0xff, 0x00, 0x7b, 0x21]), 60_000);
  const queriesBeforeGarbage = db.queries;
  const ada = await readers.getOrCompute(1, (id) => db.findUser(id));
  const decodeErrors = reader.stats().tiers[0]?.decodeErrors ?? 0;
  console.log(
    `   not JSON: treated as a ${readerTrace.take()} (decodeErrors ${decodeErrors}), recomputed -> ${ada.name}`,
  );
  assert.equal(ada.name, 'Ada Lovelace');
  assert.equal(decodeErrors, 1);
  assert.equal(db.queries, queriesBeforeGarbage + 1);
});
