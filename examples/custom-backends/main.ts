/**
 * Custom backends, as the Rust crate's custom_backends example: any object implementing
 * `L1Store` or `L2Store` from @multi-tier-cache/core plugs into the same cache API.
 *
 * - HashMapL1: a Map with per-entry expiry (the Rust HashMapCache)
 * - InMemoryL2: bytes with TTL, reporting the remaining TTL (the Rust in-memory L2)
 * - NoOpL1: remembers nothing (the Rust no-op cache)
 * - mixed: custom L1 + Redis L2, lru L1 + custom L2
 *
 * Run: pnpm --filter @multi-tier-cache/examples run custom-backends
 */
import { strict as assert } from 'node:assert';
import {
  CacheStrategy,
  CacheSystemBuilder,
  createCache,
  type MultiTierCache,
} from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { formatMs } from '../shared/format.js';
import { runExample } from '../shared/run-example.js';
import { traceTiers } from '../shared/tier-trace.js';
import { HashMapL1 } from './hash-map-l1.js';
import { InMemoryL2, type InMemoryL2Slot } from './in-memory-l2.js';
import { NoOpL1 } from './no-op-l1.js';

/**
 * The same calls on any configuration: set, get, getOrCompute twice, invalidate. Returns which
 * tier answered each read, and how often the computation ran. `stores` is false for a
 * configuration that keeps nothing.
 */
async function exercise(label: string, cache: MultiTierCache, stores = true) {
  const trace = traceTiers(cache);
  let computations = 0;
  const compute = () => {
    computations++;
    return { total: 42, at: 'now' };
  };

  await cache.set('user:1', { name: 'Ada' }, CacheStrategy.ShortTerm);
  const user = await cache.get<{ name: string }>('user:1');
  const getTier = trace.take();
  await cache.getOrCompute('stats:today', compute, { ttl: '1m' });
  const firstCompute = trace.take();
  await cache.getOrCompute('stats:today', compute, { ttl: '1m' });
  const secondCompute = trace.take();
  await cache.invalidate('user:1');
  const gone = await cache.get('user:1');
  trace.stop();

  console.log(`\n${label}`);
  console.log(`  set + get user:1       -> ${user?.name}, from ${getTier}`);
  console.log(
    `  getOrCompute (1st, 2nd) -> ${firstCompute}, then ${secondCompute}; computed ${computations}x`,
  );
  console.log(`  after invalidate        -> ${String(gone)}`);
  assert.equal(user?.name, stores ? 'Ada' : undefined);
  assert.equal(gone, undefined, 'invalidate removes the key from every tier');
  return { getTier, secondCompute, computations };
}

await runExample('custom-backends', async ({ redisUrl, defer }) => {
  // 1. Custom L1 + custom L2, built as in the Rust example.
  const server = new Map<string, InMemoryL2Slot>(); // what both instances share, like a Redis
  const both = new CacheSystemBuilder()
    .withL1(new HashMapL1())
    .withL2(new InMemoryL2(server))
    .build();
  defer(() => both.close());
  const r1 = await exercise('HashMapL1 + InMemoryL2 (CacheSystemBuilder)', both);
  assert.equal(r1.getTier, 'hashmap-l1');
  assert.equal(r1.secondCompute, 'hashmap-l1');
  assert.equal(r1.computations, 1);

  // A second instance on the same InMemoryL2 "server": the custom L2 reports the remaining TTL,
  // so promotion into the custom L1 keeps it.
  await both.set('config:theme', 'dark', { ttl: '90s' });
  const secondL1 = new HashMapL1();
  const second = new CacheSystemBuilder().withL1(secondL1).withL2(new InMemoryL2(server)).build();
  defer(() => second.close());
  const secondTrace = traceTiers(second);
  const theme = await second.get('config:theme');
  const promotedTtl = secondTrace.takePromotedTtl() ?? 0;
  console.log(
    `  second instance: config:theme -> ${String(theme)} from ${secondTrace.take()}, promoted with ${formatMs(promotedTtl)} left (of 90 s)`,
  );
  assert.equal(theme, 'dark');
  assert.ok(
    promotedTtl > 80_000 && promotedTtl <= 90_000,
    `kept the remaining TTL (${promotedTtl})`,
  );
  assert.equal(secondL1.get('config:theme'), 'dark', 'the value now sits in the custom L1');
  const removed = await both.invalidatePattern('config:*');
  console.log(
    `  invalidatePattern('config:*') on a custom L2 with deleteMatching -> removed ${removed}`,
  );
  assert.ok(removed >= 1);
  assert.equal(await new InMemoryL2(server).get('config:theme'), undefined, 'gone from the L2');
  const stillInSecond = await second.get('config:theme');
  console.log(
    `  the second instance's L1 still holds ${String(stillInSecond)}: without a bus, other instances learn only by TTL (see cross-instance-invalidation)`,
  );
  assert.equal(stillInSecond, 'dark');

  // 2. Custom L1 + Redis L2.
  const hashRedis = createCache({
    l1: new HashMapL1(),
    l2: [ioredisStore({ url: redisUrl, prefix: 'examples:custom:a:' })],
  });
  defer(() => hashRedis.close());
  await hashRedis.clear(); // keys left by an earlier run would be hits
  const r2 = await exercise('HashMapL1 + ioredis L2', hashRedis);
  assert.equal(r2.getTier, 'hashmap-l1');
  assert.equal(r2.computations, 1);

  // 3. lru L1 + custom L2.
  const lruCustom = createCache({ l1: lruStore(), l2: [new InMemoryL2()] });
  defer(() => lruCustom.close());
  const r3 = await exercise('lru L1 + InMemoryL2', lruCustom);
  assert.equal(r3.getTier, 'lru');
  assert.equal(r3.computations, 1);

  // 4. No-op L1 with the custom L2: every read goes to L2.
  const noOpL2 = createCache({ l1: new NoOpL1(), l2: [new InMemoryL2()] });
  defer(() => noOpL2.close());
  const r4 = await exercise('NoOpL1 + InMemoryL2', noOpL2);
  assert.equal(r4.getTier, 'in-memory-l2', 'nothing is kept in a no-op L1');
  assert.equal(r4.secondCompute, 'in-memory-l2');

  // 5. No-op L1 alone: nothing is cached, every getOrCompute computes.
  const uncached = createCache({ l1: new NoOpL1() });
  defer(() => uncached.close());
  const r5 = await exercise('NoOpL1 alone (nothing cached)', uncached, false);
  assert.equal(r5.getTier, 'miss');
  assert.equal(r5.computations, 2, 'with nothing cached, every getOrCompute computes');
});
