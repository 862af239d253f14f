/**
 * Server-assisted invalidation: two cache instances ("services") with L1 in front of Redis and a
 * bus with `tracking: true`. A raw client writes Redis directly, as `redis-cli`, a script in
 * another language or another service would: SET, DEL and an expiry of a cached key, none of
 * them made through this library. Each drops the key from both instances' L1 within
 * milliseconds, so both answer what Redis holds. Then `updateCache` still pushes its value into
 * the other instance's L1, and the bus keeps a replay log (`replay`) for gaps.
 *
 * Try it by hand while it waits at the end with `--wait`:
 *   redis-cli -u $REDIS_URL SET examples:redis-tracking:price:btc 70000
 *
 * Run: pnpm --filter @multi-tier-cache/examples run redis-tracking
 */
import { strict as assert } from 'node:assert';
import { createCache, type L1Store, type MultiTierCache } from '@multi-tier-cache/core';
import { ioredisTransport, type RedisBus, redisBus } from '@multi-tier-cache/invalidation';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { closeRedis, connectRedis } from '../shared/redis-client.js';
import { runExample } from '../shared/run-example.js';

const PREFIX = 'examples:redis-tracking:';
const KEY = 'price:btc';

interface Service {
  readonly name: string;
  readonly l1: L1Store;
  readonly cache: MultiTierCache;
  readonly bus: RedisBus;
}

/** Waits until every service's L1 lost `key`, and says how long that took since `started`. */
async function droppedEverywhere(
  services: readonly Service[],
  key: string,
  started = performance.now(),
): Promise<number> {
  for (;;) {
    const ms = performance.now() - started;
    if (services.every((service) => service.l1.get(key) === undefined)) return ms;
    if (ms > 2000) assert.fail(`${key} was still in an L1 after ${ms.toFixed(0)} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

await runExample(
  'redis-tracking',
  async ({ redisUrl, defer }) => {
    const services: Service[] = [];
    for (const name of ['orders', 'billing']) {
      const client = connectRedis(redisUrl);
      defer(() => closeRedis(client));
      const l1 = lruStore();
      const bus = redisBus({
        transport: ioredisTransport({ client }),
        channel: 'examples:redis-tracking:bus',
        tracking: { prefixes: [PREFIX] }, // the store's prefix below
        replay: { maxLen: 10_000 }, // after a gap, replay what was missed instead of clearing L1
      });
      const cache = createCache({ l1, l2: [ioredisStore({ url: redisUrl, prefix: PREFIX })], bus });
      defer(() => cache.close());
      await bus.ready;
      services.push({ name, l1, cache, bus });
    }
    const [orders, billing] = services as [Service, Service];
    await orders.cache.clear();

    // A client that knows nothing of the cache: redis-cli, a Python worker, another service.
    const raw = connectRedis(redisUrl);
    defer(() => closeRedis(raw));

    const cacheEverywhere = async () => {
      await orders.cache.set(KEY, 64_000, { ttl: '10m' });
      // The tracking report of that write reaches both L1s; billing then reads it from Redis.
      await droppedEverywhere(services, KEY);
      for (const service of services) assert.equal(await service.cache.get(KEY), 64_000);
      assert.ok(services.every((service) => service.l1.get(KEY) === 64_000));
    };

    await cacheEverywhere();
    console.log(`both services hold ${KEY}=64000 in L1`);

    let started = performance.now();
    await raw.set(`${PREFIX}${KEY}`, '65000');
    let ms = await droppedEverywhere(services, KEY, started);
    for (const service of services) assert.equal(await service.cache.get(KEY), 65_000);
    console.log(
      `raw SET ${PREFIX}${KEY} 65000 → both L1s dropped it ${ms.toFixed(2)} ms after the command was sent; both answer 65000`,
    );

    await cacheEverywhere();
    started = performance.now();
    await raw.del(`${PREFIX}${KEY}`);
    ms = await droppedEverywhere(services, KEY, started);
    for (const service of services) assert.equal(await service.cache.get(KEY), undefined);
    console.log(
      `raw DEL → both L1s dropped it ${ms.toFixed(2)} ms after the command was sent; both answer a miss`,
    );

    await cacheEverywhere();
    started = performance.now();
    await raw.pexpire(`${PREFIX}${KEY}`, 200);
    ms = await droppedEverywhere(services, KEY, started);
    console.log(
      `raw PEXPIRE → both L1s dropped it ${ms.toFixed(2)} ms after the command was sent (and again when it expires)`,
    );

    // updateCache still travels as a value: the report of its own Redis write arrives first.
    await orders.cache.updateCache(KEY, 66_000, { ttl: '10m' });
    started = performance.now();
    while (billing.l1.get(KEY) !== 66_000) {
      if (performance.now() - started > 2000) assert.fail('the pushed value never reached billing');
      await new Promise((resolve) => setImmediate(resolve));
    }
    console.log('orders.updateCache(66000) → billing holds 66000 in L1 without a Redis read');

    const { tracking, replay } = billing.bus.stats();
    console.log(`billing bus: tracking ${JSON.stringify(tracking)}`);
    console.log(`billing bus: replay log ${replay!.key}, last id ${replay!.lastId}`);
    assert.ok(tracking!.active && tracking!.keys >= 4);

    if (process.argv.includes('--wait')) {
      console.log(`\nwaiting 60 s: try  redis-cli -u ${redisUrl} SET ${PREFIX}${KEY} 70000`);
      const seen = new Set<unknown>();
      for (let i = 0; i < 600; i++) {
        const value = await billing.cache.get(KEY);
        if (!seen.has(value)) console.log(`billing answers ${JSON.stringify(value)}`);
        seen.add(value);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  },
  { watchdogMs: 120_000 },
);
